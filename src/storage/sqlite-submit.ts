import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { validateAnswers } from "../surveys/validate.js";
import { consumeCode } from "./sqlite-access-codes.js";
import { isExpired } from "../responses/draft.js";
import { findDraft, markDraftSubmitted } from "./sqlite-drafts.js";
import type { Channel } from "../surveys/vocabulary.js";
import type { RecordResult, SubmitResult } from "../responses/records.js";
import { insertResponse } from "./sqlite-responses.js";
import { dayOnly, staffResponseTimes } from "../responses/staff-time.js";

/**
 * Validates answers against the survey and stores them. Every channel goes through here
 * (web, kiosk, paper entry, import, synthetic data), so nothing reaches the database unchecked.
 * Call inside a transaction when more must happen atomically with it.
 */
export function recordResponse(
  db: Db,
  survey: LoadedSurvey,
  answers: Answers,
  meta: {
    channel: Channel;
    lang: Lang;
    startedAt: string | null;
    submittedAt: string;
    synthetic?: boolean;
    enteredBy?: string;
    responseId?: string;
  },
): RecordResult {
  const checked = validateAnswers(survey, answers, meta.lang);
  if (!checked.ok) return checked;
  return { ok: true, responseId: storeValidatedResponse(db, survey, checked, meta) };
}

type ResponseMeta = Parameters<typeof recordResponse>[3];

/**
 * Stores answers that the caller has just passed through validateAnswers for this survey (it hands
 * over the validation's own result): sending a draft and the CSV import validate once, not twice.
 */
export function storeValidatedResponse(
  db: Db,
  survey: LoadedSurvey,
  checked: { ok: true; answers: Answers },
  meta: ResponseMeta,
): string {
  // Only an import brings its own id (from an earlier export); everything else gets a random one.
  const { responseId = randomUUID(), ...rest } = meta;
  insertResponse(db, {
    id: responseId,
    surveyId: survey.definition.id,
    surveyVersion: survey.definition.version,
    answers: checked.answers,
    ...rest,
  });
  return responseId;
}

/**
 * Turns a draft into a response, exactly once. The transaction is IMMEDIATE, so a double
 * click or two tabs submitting together are serialised: the second finds the tombstone.
 * The access code is consumed in the same transaction and then forgotten by the draft,
 * so nothing links the code to the answers.
 */
export function submitDraft(db: Db, registry: SurveyRegistry, token: string, now = new Date()): SubmitResult {
  return db.transaction(
    (tx) => {
      const draft = findDraft(tx, token);
      if (!draft) return { status: "not_found" } as const;
      if (draft.submitted) return { status: "already_submitted" } as const;
      if (isExpired(draft, now)) return { status: "expired" } as const;
      const survey = registry.version(draft.surveyId, draft.surveyVersion);
      if (!survey) return { status: "not_found" } as const;
      const checked = validateAnswers(survey, draft.answers, draft.lang);
      if (!checked.ok) return { status: "invalid", page: checked.page } as const;
      if (draft.codeHash && !consumeCode(tx, draft.surveyId, draft.codeHash)) return { status: "code_used" } as const;
      // Staff (code-protected) responses keep the day and the duration in minutes, never the moment.
      const times = draft.codeHash
        ? staffResponseTimes(draft.startedAt, now)
        : { startedAt: draft.startedAt, submittedAt: now.toISOString() };
      storeValidatedResponse(tx, survey, checked, { channel: draft.channel, lang: draft.lang, ...times });
      // The tombstone of a staff draft is dated by the day too: nothing in it matches the response's moment.
      const tombstone = draft.codeHash
        ? {
            startedAt: dayOnly(now),
            updatedAt: dayOnly(now),
            expiresAt: `${draft.expiresAt.slice(0, 10)}T23:59:59.999Z`,
          }
        : { updatedAt: now.toISOString() };
      markDraftSubmitted(tx, token, tombstone);
      return { status: "stored", codeProtected: draft.codeHash !== null } as const;
    },
    { behavior: "immediate" },
  );
}
