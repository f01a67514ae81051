import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import type { Channel } from "../surveys/vocabulary.js";

export interface Draft {
  token: string;
  resumeCode: string;
  surveyId: string;
  surveyVersion: number;
  channel: Channel;
  lang: Lang;
  answers: Answers;
  codeHash: string | null;
  startedAt: string;
  updatedAt: string;
  expiresAt: string;
  submitted: boolean;
  /** Started but not stored yet (a pending link, see pending-drafts.ts). */
  pending?: boolean;
}

export function isExpired(draft: Draft, now = new Date()): boolean {
  return draft.expiresAt < now.toISOString();
}
