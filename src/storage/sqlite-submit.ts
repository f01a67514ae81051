import { randomUUID } from "node:crypto";
import type { Db } from "../db/client.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { validateAnswers } from "../surveys/validate.js";
import { consumeCode } from "./sqlite-access-codes.js";
import type { Draft } from "../responses/draft.js";
import { planSend, type SendPlan } from "../responses/send-plan.js";
import { findDraft, markDraftSubmitted } from "./sqlite-drafts.js";
import type { Channel } from "../surveys/vocabulary.js";
import type { RecordResult, SubmitResult } from "../responses/records.js";
import { insertResponse } from "./sqlite-responses.js";
import { submitResult } from "./submit.js";
import type { SendOutcome } from "./types.js";

/**
 * Validates answers against the survey and stores them, on SQLite: how tests and the benchmark put
 * a response in a database as a channel would (the server's channels validate in their services and
 * store through the Storage). Call inside a transaction when more must happen atomically with it.
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
 * Turns a draft into a response, exactly once, on this turn: the same decision (planSend) and the same
 * write (sendDraft) as the server's `storage.sendDraft`, in an IMMEDIATE transaction of its own rather
 * than the group commit, so a double click or two processes sending together are serialised and the
 * second finds the tombstone. The access code is consumed in the same transaction and then forgotten
 * by the draft, so nothing links the code to the answers.
 */
export function submitDraft(db: Db, registry: SurveyRegistry, token: string, now = new Date()): SubmitResult {
  const outcome = db.transaction((tx) => sendDraft(tx, token, (draft) => planSend(registry, draft, now)), {
    behavior: "immediate",
  });
  return submitResult(outcome);
}

/**
 * Sends a draft inside the caller's transaction: the tombstone stops a second sending, the access code
 * is consumed, the response stored. What to store was decided by `plan` (planSend, pure).
 */
export function sendDraft<R>(tx: Db, token: string, plan: (draft: Draft) => SendPlan<R>): SendOutcome<R> {
  const draft = findDraft(tx, token);
  if (!draft) return { status: "not_found" };
  if (draft.submitted) return { status: "already_submitted" };
  const decided = plan(draft);
  if (!decided.store) return { status: "refused", refusal: decided.refusal };
  if (draft.codeHash && !consumeCode(tx, draft.surveyId, draft.codeHash)) return { status: "code_used" };
  insertResponse(tx, decided.response);
  markDraftSubmitted(tx, token, decided.tombstone);
  return { status: "stored", responseId: decided.response.id, codeProtected: draft.codeHash !== null };
}
