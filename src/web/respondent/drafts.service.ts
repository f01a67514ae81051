import { hashCode } from "../../responses/codes.js";
import { isExpired, type Draft } from "../../responses/draft.js";
import { isPendingToken, openPendingToken, type PendingStart } from "../../responses/pending-drafts.js";
import type { SubmitResult } from "../../responses/records.js";
import type { Lang } from "../../surveys/messages.js";
import type { Answers } from "../../surveys/options.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { submitDraftAsync } from "../../storage/submit.js";
import type { NewFeedback, Storage } from "../../storage/types.js";
import { HttpError } from "../common/errors.js";
import { PENDING_KEY } from "./start-draft.service.js";

/**
 * The respondent's drafts: found by link or resume code, pending until their first answers, saved,
 * abandoned, submitted. The respondent's routes and guards reach the drafts only through here, and
 * through the storage boundary (src/storage/types.ts), so they run on SQLite or PostgreSQL alike.
 */

export { isExpired, type Draft };

export function findDraft(storage: Storage, token: string): Promise<Draft | undefined> {
  return storage.drafts.find(token);
}

export function findDraftByResumeCode(storage: Storage, surveyId: string, code: string): Promise<Draft | undefined> {
  return storage.drafts.findByResumeCode(surveyId, code);
}

/** Saves the answers of a draft not yet sent. */
export function saveDraft(storage: Storage, token: string, answers: Answers, lang: Lang, now: Date): Promise<void> {
  return storage.drafts.save(token, answers, lang, now);
}

/** Deletes a draft not yet sent (a kiosk questionnaire given up); a sent one's tombstone stays. */
export function deleteOpenDraft(storage: Storage, token: string): Promise<void> {
  return storage.drafts.deleteOpen(token);
}

/**
 * Submits a draft durably: the respondent is answered only once the response is committed (on
 * SQLite in a group commit with the sendings of the same moment, on PostgreSQL after its COMMIT).
 */
export function submitDraftDurably(
  storage: Storage,
  registry: SurveyRegistry,
  token: string,
  at: Date,
): Promise<SubmitResult> {
  return submitDraftAsync(storage, registry, token, at);
}

/** The start sealed in a pending token, with the id its draft will be stored under; null if not one of ours. */
export async function openPending(
  storage: Storage,
  token: string,
): Promise<{ id: string; start: PendingStart } | null> {
  return isPendingToken(token) ? openPendingToken(await storage.serverKey(PENDING_KEY), token) : null;
}

/**
 * The draft of a link: a stored one, or (for a pending link whose draft is not stored yet) an empty
 * one in memory that lives as long as the stored one would.
 */
export async function findDraftOrPending(storage: Storage, token: string): Promise<Draft | undefined> {
  if (!isPendingToken(token)) return storage.drafts.find(token);
  const opened = await openPending(storage, token);
  if (!opened) return undefined;
  const stored = await storage.drafts.find(opened.id);
  if (stored) return stored;
  const { start } = opened;
  return {
    token,
    resumeCode: "",
    surveyId: start.surveyId,
    surveyVersion: start.surveyVersion,
    channel: start.channel,
    lang: start.lang,
    answers: {},
    codeHash: start.code === null ? null : hashCode(start.code),
    startedAt: start.startedAt,
    updatedAt: start.startedAt,
    expiresAt: new Date(Date.parse(start.startedAt) + start.days * 86_400_000).toISOString(),
    submitted: false,
    pending: true,
  };
}

/**
 * Stores the draft of a pending link with its first answers (or saves them, when a double click
 * stored it first) and returns the stored draft. The access code, if any, must still be usable.
 * A code-protected draft keeps its start only to the minute: enough for the duration the quality
 * checks use, too coarse to match a moment someone was seen at a terminal.
 */
export async function storePendingDraft(
  storage: Storage,
  token: string,
  answers: Answers,
  lang: Lang,
  now: Date,
): Promise<{ draft: Draft; created: boolean }> {
  const opened = await openPending(storage, token);
  if (!opened) throw new HttpError(404, "notFoundTitle", "notFoundText");
  const { id, start } = opened;
  const codeHash = start.code === null ? null : hashCode(start.code);
  const saved = async (): Promise<{ draft: Draft; created: boolean }> => {
    await storage.drafts.save(id, answers, lang, now);
    return { draft: (await storage.drafts.find(id))!, created: false };
  };
  if (await storage.drafts.find(id)) return saved();
  if (codeHash && !(await storage.accessCodes.isUsable(start.surveyId, codeHash)))
    throw new HttpError(409, "accessCodeRefusedTitle", "accessCodeInvalid");
  const startedAt = codeHash ? `${start.startedAt.slice(0, 16)}:00.000Z` : start.startedAt;
  const input = {
    token: id,
    surveyId: start.surveyId,
    surveyVersion: start.surveyVersion,
    lang,
    channel: start.channel,
    codeHash,
    days: start.days,
    startedAt,
    answers,
  };
  const stored = await storage.drafts.store(input, now);
  if (stored) return { draft: stored, created: true };
  return saved();
}

/** The rating of a sent questionnaire, once: false when it was rated already (nothing stored). */
export function recordFeedbackOnce(storage: Storage, token: string, row: NewFeedback): Promise<boolean> {
  return storage.feedback.recordOnce(token, row);
}

/** Whether a survey has room for one more open draft: at the cap, the oldest empty drafts give way. */
export async function roomForDraft(storage: Storage, surveyId: string, max: number, now: Date): Promise<boolean> {
  const open = await storage.drafts.countOpen(surveyId, now);
  if (open < max) return true;
  return (await storage.drafts.evictOldestEmpty(surveyId, open - max + 1, now)) >= open - max + 1;
}

/** Whether a survey's open drafts fill the cap with no empty one left to give way. */
export async function draftsFull(storage: Storage, surveyId: string, max: number, now: Date): Promise<boolean> {
  return (
    (await storage.drafts.countOpen(surveyId, now)) >= max && (await storage.drafts.countEmptyOpen(surveyId, now)) === 0
  );
}
