import { randomUUID } from "node:crypto";
import { isExpired, type Draft } from "../responses/draft.js";
import type { SubmitResult } from "../responses/records.js";
import { dayOnly, staffResponseTimes } from "../responses/staff-time.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { validateAnswers, type PageErrors } from "../surveys/validate.js";
import type { SendPlan, Storage } from "./types.js";

type Refusal = { status: "not_found" } | { status: "expired" } | { status: "invalid"; page: PageErrors };

/**
 * What submitDraft (src/storage/sqlite-submit.ts) decides, as a pure step for the storage's one
 * transaction: expiry, validation against the draft's survey version, and the times a staff
 * (code-protected) response keeps — the day and the duration, never the moment.
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

/** submitDraft over the storage boundary, on either engine: the same results, exactly once. */
export async function submitDraftAsync(
  storage: Storage,
  registry: SurveyRegistry,
  token: string,
  now = new Date(),
): Promise<SubmitResult> {
  const outcome = await storage.sendDraft(token, (draft) => planSend(registry, draft, now));
  switch (outcome.status) {
    case "stored":
      return { status: "stored", codeProtected: outcome.codeProtected };
    case "refused":
      return outcome.refusal;
    case "not_found":
    case "already_submitted":
    case "code_used":
      return outcome;
  }
}
