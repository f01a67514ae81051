import { randomUUID } from "node:crypto";
import { isExpired, type Draft } from "./draft.js";
import type { NewResponse } from "./records.js";
import { dayOnly, staffResponseTimes } from "./staff-time.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { validateAnswers, type PageErrors } from "../surveys/validate.js";

/** What the pure planning step decides for a draft: refuse (with the caller's reason) or store. */
export type SendPlan<R> =
  { store: false; refusal: R } | { store: true; response: NewResponse; tombstone: DraftTombstone };

/** What a sent draft keeps: no answers, no access code, and the dates the caller chose. */
export interface DraftTombstone {
  startedAt?: string;
  updatedAt: string;
  expiresAt?: string;
}

type Refusal = { status: "not_found" } | { status: "expired" } | { status: "invalid"; page: PageErrors };

/**
 * What submitDraft (src/storage/sqlite-submit.ts) decides, as a pure step for the storage's one
 * transaction (storage.sendDraft, called by submitDraftAsync in src/storage/submit.ts): expiry,
 * validation against the draft's survey version, and the times a staff (code-protected) response
 * keeps — the day and the duration, never the moment.
 */
export function planSend(registry: SurveyRegistry, draft: Draft, now: Date): SendPlan<Refusal> {
  if (isExpired(draft, now)) return { store: false, refusal: { status: "expired" } };
  const survey = registry.version(draft.surveyId, draft.surveyVersion);
  if (!survey) return { store: false, refusal: { status: "not_found" } };
  const checked = validateAnswers(survey, draft.answers, draft.lang);
  if (!checked.ok) return { store: false, refusal: { status: "invalid", page: checked.page } };
  const times = draft.codeHash
    ? staffResponseTimes(draft.startedAt, now)
    : { startedAt: draft.startedAt, submittedAt: now.toISOString() };
  const tombstone = draft.codeHash
    ? { startedAt: dayOnly(now), updatedAt: dayOnly(now), expiresAt: `${draft.expiresAt.slice(0, 10)}T23:59:59.999Z` }
    : { updatedAt: now.toISOString() };
  return {
    store: true,
    response: {
      id: randomUUID(),
      surveyId: survey.definition.id,
      surveyVersion: survey.definition.version,
      channel: draft.channel,
      lang: draft.lang,
      answers: checked.answers,
      ...times,
    },
    tombstone,
  };
}
