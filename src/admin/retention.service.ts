import type { Db } from "../db/client.js";
import { deleteDraftsStartedBefore, deleteResponsesBefore } from "../responses/data.repository.js";
import { purgeExpiredDrafts } from "../responses/drafts.repository.js";
import { deletePaperEntriesCreatedBefore } from "../responses/paper-entries.repository.js";
import { audit } from "../audit/audit.service.js";
import { romeMidnight } from "./dates.js";
import { allSettings, saveSettings } from "./settings.repository.js";
import { counted } from "./wording.js";
import { purgeExpiredSessions } from "./sessions.repository.js";

export interface RetentionOutcome {
  surveyId: string;
  responses: number;
  drafts: number;
  /** Paper questionnaires typed once and still waiting for their second typing. */
  paperEntries: number;
}

export const SYSTEM_USER = "(sistema)";

/**
 * The daily retention job (GDPR art. 5(1)(e)): for each survey with a retention date that has
 * come, deletes the responses submitted before it; for each survey with its own draft days,
 * deletes the drafts started longer ago; paper questionnaires typed once before the retention date
 * and still waiting for their second typing go with the responses. Every deletion is audited with its counts.
 */
export function applyRetention(db: Db, now: Date = new Date()): RetentionOutcome[] {
  const outcomes: RetentionOutcome[] = [];
  for (const [surveyId, settings] of allSettings(db)) {
    const limit = settings.retainUntil ? romeMidnight(settings.retainUntil) : null;
    // A date still to come means "keep until then": nothing is deleted before it arrives.
    const due = limit !== null && now.toISOString() >= limit;
    const responses = due ? deleteResponsesBefore(db, surveyId, limit) : 0;
    const paperEntries = due ? deletePaperEntriesCreatedBefore(db, surveyId, limit) : 0;
    const drafts = settings.draftDays
      ? deleteDraftsStartedBefore(db, surveyId, daysBefore(now, settings.draftDays))
      : 0;
    if (responses + drafts + paperEntries === 0) continue;
    outcomes.push({ surveyId, responses, drafts, paperEntries });
    const details = [
      responses
        ? `${counted(responses, "risposta inviata", "risposte inviate")} prima del ${settings.retainUntil}`
        : "",
      paperEntries
        ? `${counted(paperEntries, "questionario cartaceo in attesa della seconda digitazione", "questionari cartacei in attesa della seconda digitazione")} inserito prima del ${settings.retainUntil}`
        : "",
      drafts ? `${counted(drafts, "bozza iniziata", "bozze iniziate")} più di ${settings.draftDays} giorni fa` : "",
    ]
      .filter(Boolean)
      .join("; ");
    audit(db, { username: SYSTEM_USER, action: "conservazione.applicata", target: surveyId, details }, now);
  }
  return outcomes;
}

/**
 * The hourly draft purge: expired drafts, and drafts older than their survey's draft days
 * when the administrator has set them (shorter than the definition's, or than when the draft began).
 */
/**
 * The hourly clean-up: expired drafts (purgeDrafts) and expired sign-in sessions, which would
 * otherwise stay in the table for ever. Returns how many drafts and sessions were deleted.
 */
export function purgeExpired(db: Db, now: Date = new Date()): { drafts: number; sessions: number } {
  return { drafts: purgeDrafts(db, now), sessions: purgeExpiredSessions(db, now) };
}

export function purgeDrafts(db: Db, now: Date = new Date()): number {
  let purged = purgeExpiredDrafts(db, now);
  for (const [surveyId, settings] of allSettings(db)) {
    if (settings.draftDays) purged += deleteDraftsStartedBefore(db, surveyId, daysBefore(now, settings.draftDays));
  }
  return purged;
}

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/** Saves a survey's retention date and draft days, audited; null clears a setting. */
export function saveRetention(
  db: Db,
  surveyId: string,
  values: { retainUntil: string | null; draftDays: number | null },
  username: string,
  now: Date = new Date(),
): void {
  db.transaction((tx) => {
    saveSettings(tx, surveyId, values, now);
    const details = `conservazione fino al ${values.retainUntil ?? "(nessuna data)"}; bozze ${values.draftDays ? `${values.draftDays} giorni` : "come da questionario"}`;
    audit(tx, { username, action: "conservazione.modificata", target: surveyId, details }, now);
  });
}
