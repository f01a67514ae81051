import { checkpointWal, type Db } from "../db/client.js";
import { isUsableCode } from "../responses/access-codes.repository.js";
import { hashCode } from "../responses/codes.js";
import { findDraft, saveDraft, storeDraft, type Draft } from "../responses/drafts.repository.js";
import { serverKey } from "../responses/keys.repository.js";
import { isPendingToken, openPendingToken, type PendingStart } from "../responses/pending-drafts.js";
import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import { HttpError } from "./errors.js";
import { PENDING_KEY } from "./start-draft.js";

/** The start sealed in a pending token, with the id its draft will be stored under; null if not one of ours. */
export function openPending(db: Db, token: string): { id: string; start: PendingStart } | null {
  return isPendingToken(token) ? openPendingToken(serverKey(db, PENDING_KEY), token) : null;
}

/**
 * The draft of a link: a stored one, or (for a pending link whose draft is not stored yet) an empty
 * one in memory that lives as long as the stored one would.
 */
export function findDraftOrPending(db: Db, token: string): Draft | undefined {
  if (!isPendingToken(token)) return findDraft(db, token);
  const opened = openPending(db, token);
  if (!opened) return undefined;
  const stored = findDraft(db, opened.id);
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
export function storePendingDraft(db: Db, token: string, answers: Answers, lang: Lang, now: Date): { draft: Draft; created: boolean } {
  const opened = openPending(db, token);
  if (!opened) throw new HttpError(404, "notFoundTitle", "notFoundText");
  const { id, start } = opened;
  const codeHash = start.code === null ? null : hashCode(start.code);
  const existing = findDraft(db, id);
  if (existing) {
    saveDraft(db, id, answers, lang, now);
    return { draft: findDraft(db, id)!, created: false };
  }
  if (codeHash && !isUsableCode(db, start.surveyId, codeHash)) throw new HttpError(409, "accessCodeRefusedTitle", "accessCodeInvalid");
  const startedAt = codeHash ? `${start.startedAt.slice(0, 16)}:00.000Z` : start.startedAt;
  const input = { token: id, surveyId: start.surveyId, surveyVersion: start.surveyVersion, lang, channel: start.channel, codeHash, days: start.days, startedAt, answers };
  const stored = storeDraft(db, input, now);
  if (stored) return { draft: stored, created: true };
  saveDraft(db, id, answers, lang, now);
  return { draft: findDraft(db, id)!, created: false };
}

/** A WAL checkpoint now, and again a few times a second apart if readers were in the way. */
export function checkpointSoon(db: Db, tries = 5): void {
  if (checkpointWal(db) || tries <= 1) return;
  setTimeout(() => checkpointSoon(db, tries - 1), 1000).unref();
}
