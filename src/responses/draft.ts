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

/** A `drafts` row of either engine: the answers as the stored JSON text, other columns left aside. */
export type DraftRow = Omit<Draft, "answers" | "pending"> & { answers: string };

/** The draft a stored row holds, on either engine (columns such as `rated` are not part of it). */
export function draftFromRow(row: DraftRow): Draft {
  return {
    token: row.token,
    resumeCode: row.resumeCode,
    surveyId: row.surveyId,
    surveyVersion: row.surveyVersion,
    channel: row.channel,
    lang: row.lang,
    answers: JSON.parse(row.answers) as Answers,
    codeHash: row.codeHash,
    startedAt: row.startedAt,
    updatedAt: row.updatedAt,
    expiresAt: row.expiresAt,
    submitted: row.submitted,
  };
}
