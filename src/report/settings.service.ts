import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { weightingChoices } from "./load.js";
import { parseMargins } from "./margins.js";
import { describeChanges } from "./settings-form.js";
import {
  deleteStoredMargins,
  readReportSettings,
  readStoredMargins,
  saveReportSettings,
  saveStoredMargins,
} from "./settings.repository.js";
import type { ReportSettings } from "./types.js";

export { readReportSettings, readStoredMargins } from "./settings.repository.js";

/** Saves the report settings of a survey and logs each value that changed, old → new. */
export function changeReportSettings(
  db: Db,
  surveyId: string,
  settings: ReportSettings,
  username: string,
  action = "rapporto.impostazioni",
  now = new Date(),
): void {
  db.transaction((tx) => {
    const before = readReportSettings(tx, surveyId);
    saveReportSettings(tx, surveyId, settings, username, now);
    audit(tx, { username, action, target: surveyId, details: describeChanges(before, settings) }, now);
  });
}

export interface MarginsUpload {
  name: string;
  csv: string;
  illustrative: boolean;
  source: string;
}

/**
 * Checks an uploaded margins file against the survey's weighting questions and stores it only
 * when every line is right; the report of the survey uses it from then on.
 */
export function uploadMargins(
  db: Db,
  survey: LoadedSurvey,
  upload: MarginsUpload,
  username: string,
  now = new Date(),
): { ok: true } | { ok: false; errors: string[] } {
  const surveyId = survey.definition.id;
  const parsed = parseMargins(
    upload.name,
    upload.csv,
    { illustrative: upload.illustrative, source: upload.source },
    weightingChoices(survey),
  );
  if (!parsed.ok) return parsed;
  const cells = Object.values(parsed.margins.targets).reduce((s, cats) => s + Object.keys(cats).length, 0);
  db.transaction((tx) => {
    const before = readStoredMargins(tx, surveyId);
    saveStoredMargins(tx, {
      surveyId,
      name: upload.name,
      csv: upload.csv,
      illustrative: upload.illustrative,
      source: upload.source,
      uploadedAt: now.toISOString(),
      uploadedBy: username,
    });
    audit(
      tx,
      {
        username,
        action: "rapporto.margini",
        target: surveyId,
        details: `${before ? `«${before.name}»` : "file predefinito"} → «${upload.name}» (${cells} categorie; ${upload.illustrative ? "illustrativi" : "dati verificati"}; fonte: ${upload.source})`,
      },
      now,
    );
  });
  return { ok: true };
}

/** Forgets the uploaded margins: the report goes back to the shipped file. */
export function resetMargins(db: Db, surveyId: string, username: string, now = new Date()): boolean {
  return db.transaction((tx) => {
    const before = readStoredMargins(tx, surveyId);
    if (!before) return false;
    deleteStoredMargins(tx, surveyId);
    audit(
      tx,
      {
        username,
        action: "rapporto.margini.predefiniti",
        target: surveyId,
        details: `«${before.name}» → file predefinito`,
      },
      now,
    );
    return true;
  });
}
