import type { AuditRecord } from "../audit/entry.js";
import { romeMidnight } from "./dates.js";
import type { SurveySettings } from "./survey-settings.js";
import { counted } from "../format/wording.js";

export interface RetentionOutcome {
  surveyId: string;
  responses: number;
  drafts: number;
  /** Paper questionnaires typed once and still waiting for their second typing. */
  paperEntries: number;
}

export const SYSTEM_USER = "(sistema)";

/** What the retention job deletes for one survey today: responses (and pending paper) before, drafts started before. */
interface RetentionStep {
  surveyId: string;
  settings: SurveySettings;
  responsesBefore: string | null;
  draftsBefore: string | null;
}

/** The steps due now, from every survey's settings (pure: the same on both engines). */
function retentionSteps(all: Map<string, SurveySettings>, now: Date): RetentionStep[] {
  return [...all].map(([surveyId, settings]) => {
    const limit = settings.retainUntil ? romeMidnight(settings.retainUntil) : null;
    // A date still to come means "keep until then": nothing is deleted before it arrives.
    const due = limit !== null && now.toISOString() >= limit;
    return {
      surveyId,
      settings,
      responsesBefore: due ? limit : null,
      draftsBefore: settings.draftDays ? daysBefore(now, settings.draftDays) : null,
    };
  });
}

/** The audit line of one survey's deletions, with its counts; null when nothing was deleted. */
function retentionAudit(step: RetentionStep, outcome: RetentionOutcome): AuditRecord | null {
  const { responses, drafts, paperEntries } = outcome;
  if (responses + drafts + paperEntries === 0) return null;
  const { retainUntil, draftDays } = step.settings;
  const details = [
    responses ? `${counted(responses, "risposta inviata", "risposte inviate")} prima del ${retainUntil}` : "",
    paperEntries
      ? `${counted(paperEntries, "questionario cartaceo in attesa della seconda digitazione", "questionari cartacei in attesa della seconda digitazione")} inserito prima del ${retainUntil}`
      : "",
    drafts ? `${counted(drafts, "bozza iniziata", "bozze iniziate")} più di ${draftDays} giorni fa` : "",
  ]
    .filter(Boolean)
    .join("; ");
  return { username: SYSTEM_USER, action: "conservazione.applicata", target: step.surveyId, details };
}

/**
 * Where the retention job deletes, on the storage boundary (either engine): the settings, the
 * three deletions, the audit trail, and what the hourly clean-up purges.
 */
export interface RetentionTarget {
  surveys: { allSettings(): Promise<Map<string, SurveySettings>> };
  retention: {
    deleteResponsesBefore(surveyId: string, before: string): Promise<number>;
    deletePaperEntriesBefore(surveyId: string, before: string): Promise<number>;
    deleteDraftsStartedBefore(surveyId: string, before: string): Promise<number>;
  };
  audit: { record(entry: AuditRecord, now?: Date): Promise<void> };
  drafts: { purgeExpired(now?: Date): Promise<number> };
  sessions: { purgeExpired(now?: Date): Promise<number> };
  counters: { purgeExpired(now?: number): Promise<number> };
}

/**
 * The daily retention job (GDPR art. 5(1)(e)): for each survey with a retention date that has
 * come, deletes the responses submitted before it; for each survey with its own draft days,
 * deletes the drafts started longer ago; paper questionnaires typed once before the retention date
 * and still waiting for their second typing go with the responses. Every deletion is audited with its counts.
 */
export async function applyRetention(target: RetentionTarget, now: Date = new Date()): Promise<RetentionOutcome[]> {
  const outcomes: RetentionOutcome[] = [];
  for (const step of retentionSteps(await target.surveys.allSettings(), now)) {
    const { surveyId, responsesBefore, draftsBefore } = step;
    const { retention } = target;
    const outcome = {
      surveyId,
      responses: responsesBefore ? await retention.deleteResponsesBefore(surveyId, responsesBefore) : 0,
      drafts: draftsBefore ? await retention.deleteDraftsStartedBefore(surveyId, draftsBefore) : 0,
      paperEntries: responsesBefore ? await retention.deletePaperEntriesBefore(surveyId, responsesBefore) : 0,
    };
    const line = retentionAudit(step, outcome);
    if (!line) continue;
    outcomes.push(outcome);
    await target.audit.record(line, now);
  }
  return outcomes;
}

/**
 * The hourly draft purge: expired drafts, and drafts older than their survey's draft days when the
 * administrator has set them (shorter than the definition's, or than when the draft began).
 */
export async function purgeDrafts(target: RetentionTarget, now: Date = new Date()): Promise<number> {
  let purged = await target.drafts.purgeExpired(now);
  for (const step of retentionSteps(await target.surveys.allSettings(), now))
    if (step.draftsBefore) purged += await target.retention.deleteDraftsStartedBefore(step.surveyId, step.draftsBefore);
  return purged;
}

/**
 * The hourly clean-up: the drafts (purgeDrafts), the sign-in sessions that have ended and the
 * rate-limit windows that have passed, which would otherwise stay for ever. Returns how many drafts
 * and sessions were deleted.
 */
export async function purgeExpired(
  target: RetentionTarget,
  now: Date = new Date(),
): Promise<{ drafts: number; sessions: number }> {
  const drafts = await purgeDrafts(target, now);
  const sessions = await target.sessions.purgeExpired(now);
  await target.counters.purgeExpired(now.getTime());
  return { drafts, sessions };
}

function daysBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/** Where the retention settings are saved (the storage boundary's surveys, on either engine). */
export interface RetentionSettingsTarget {
  saveSettings(
    surveyId: string,
    changes: { retainUntil: string | null; draftDays: number | null },
    audit: AuditRecord,
    now?: Date,
  ): Promise<void>;
}

/** Saves a survey's retention date and draft days, audited in the same transaction; null clears a setting. */
export function saveRetention(
  surveys: RetentionSettingsTarget,
  surveyId: string,
  values: { retainUntil: string | null; draftDays: number | null },
  username: string,
  now: Date = new Date(),
): Promise<void> {
  const details = `conservazione fino al ${values.retainUntil ?? "(nessuna data)"}; bozze ${values.draftDays ? `${values.draftDays} giorni` : "come da questionario"}`;
  return surveys.saveSettings(
    surveyId,
    values,
    { username, action: "conservazione.modificata", target: surveyId, details },
    now,
  );
}
