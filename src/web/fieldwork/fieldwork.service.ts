import type { AccessCodeCounts, ResponseCounts } from "../../responses/records.js";
import type { Storage } from "../../storage/types.js";
import type { SurveySettings } from "../../admin/survey-settings.js";
import type { LoadedSurvey } from "../../surveys/loader.js";

/** A survey's fieldwork as its page shows it, and the two acts on it: its status and dates, the empty drafts (either engine). */

export interface FieldworkStatus {
  counts: ResponseCounts;
  /** Submission times (ISO) since the given moment, for the last days' chart. */
  recentSubmissions: string[];
  codes: AccessCodeCounts | null;
  /** Paper forms typed once, waiting for their second typing. */
  pendingPaper: number;
  openDrafts: { total: number; empty: number };
}

export async function fieldworkStatus(
  storage: Storage,
  survey: LoadedSurvey,
  since: string,
  at: Date,
): Promise<FieldworkStatus> {
  const id = survey.definition.id;
  return {
    counts: await storage.responses.countByChannel(id),
    recentSubmissions: await storage.responses.submissionTimesSince(id, since),
    codes: survey.definition.access === "code" ? await storage.accessCodes.countStates(id) : null,
    pendingPaper: await storage.responses.countPendingPaper(id),
    openDrafts: { total: await storage.drafts.countOpen(id, at), empty: await storage.drafts.countEmptyOpen(id, at) },
  };
}

/** Drafts started but holding no answer (e.g. a flood of starts from before they cost nothing): deleted, audited. */
export function purgeEmptyDraftsOf(storage: Storage, surveyId: string, by: string, now: Date): Promise<number> {
  return storage.drafts.purgeEmpty(surveyId, now, (purged) => ({
    username: by,
    action: "bozze.vuote.eliminate",
    target: surveyId,
    details: `${purged} eliminate`,
  }));
}

export function saveFieldworkSettings(
  storage: Storage,
  surveyId: string,
  settings: Pick<SurveySettings, "status" | "opensAt" | "closesAt">,
  by: string,
  now: Date,
): Promise<void> {
  return storage.surveys.saveSettings(
    surveyId,
    settings,
    {
      username: by,
      action: "questionario.stato",
      target: surveyId,
      details: `stato ${settings.status}; apertura ${settings.opensAt ?? "nessuna"}; chiusura ${settings.closesAt ?? "nessuna"}`,
    },
    now,
  );
}
