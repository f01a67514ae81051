import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import { countAccessCodeStates, type AccessCodeCounts } from "../responses/access-codes.repository.js";
import { countEmptyOpenDrafts, countOpenDrafts, purgeEmptyDrafts } from "../responses/drafts.repository.js";
import { listPaperEntries } from "../responses/paper-entries.repository.js";
import { countResponsesByChannel, submissionTimesSince, type ResponseCounts } from "../responses/repository.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { saveSettings, type SurveySettings } from "./settings.repository.js";

/** A survey's fieldwork as its page shows it, and the two acts on it: its status and dates, the empty drafts. */

export { allSettings, findSettings, type SurveySettings } from "./settings.repository.js";

export interface FieldworkStatus {
  counts: ResponseCounts;
  /** Submission times (ISO) since the given moment, for the last days' chart. */
  recentSubmissions: string[];
  codes: AccessCodeCounts | null;
  /** Paper forms typed once, waiting for their second typing. */
  pendingPaper: number;
  openDrafts: { total: number; empty: number };
}

export function fieldworkStatus(db: Db, survey: LoadedSurvey, since: string, at: Date): FieldworkStatus {
  const id = survey.definition.id;
  return {
    counts: countResponsesByChannel(db, id),
    recentSubmissions: submissionTimesSince(db, id, since),
    codes: survey.definition.access === "code" ? countAccessCodeStates(db, id) : null,
    pendingPaper: listPaperEntries(db, id).length,
    openDrafts: { total: countOpenDrafts(db, id, at), empty: countEmptyOpenDrafts(db, id, at) },
  };
}

/** Drafts started but holding no answer (e.g. a flood of starts from before they cost nothing): deleted, audited. */
export function purgeEmptyDraftsOf(db: Db, surveyId: string, by: string, now: Date): number {
  return db.transaction((tx) => {
    const purged = purgeEmptyDrafts(tx, surveyId, now);
    audit(tx, { username: by, action: "bozze.vuote.eliminate", target: surveyId, details: `${purged} eliminate` }, now);
    return purged;
  });
}

export function saveFieldworkSettings(
  db: Db,
  surveyId: string,
  settings: Pick<SurveySettings, "status" | "opensAt" | "closesAt">,
  by: string,
  now: Date,
): void {
  db.transaction((tx) => {
    saveSettings(tx, surveyId, settings, now);
    audit(
      tx,
      {
        username: by,
        action: "questionario.stato",
        target: surveyId,
        details: `stato ${settings.status}; apertura ${settings.opensAt ?? "nessuna"}; chiusura ${settings.closesAt ?? "nessuna"}`,
      },
      now,
    );
  });
}
