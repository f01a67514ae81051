import type { AuditRecord } from "../audit/entry.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { weightingChoices } from "./load.js";
import { parseMargins } from "./margins.js";
import { describeChanges } from "./settings-form.js";
import type { ReportSettings, StoredMargins } from "./types.js";

/**
 * A report's settings and uploaded margins as the administrator changes them (the storage boundary's
 * report settings store, on either engine): each change and its audit line in one transaction.
 */
export interface ReportSettingsWrites {
  /** Saves the settings as `by`'s, with the audit line `describe` writes from the settings they replace. */
  saveSettings(
    surveyId: string,
    settings: ReportSettings,
    by: string,
    describe: (before: ReportSettings) => AuditRecord,
    now?: Date,
  ): Promise<void>;
  /** Stores checked margins, with the audit line `describe` writes from the margins they replace. */
  saveMargins(row: StoredMargins, describe: (before: StoredMargins | undefined) => AuditRecord): Promise<void>;
  /** Forgets the uploaded margins, with the audit line `describe` writes from them; false when there were none. */
  deleteMargins(surveyId: string, describe: (before: StoredMargins) => AuditRecord, now?: Date): Promise<boolean>;
}

/** Saves the report settings of a survey and logs each value that changed, old → new. */
export function changeReportSettings(
  store: ReportSettingsWrites,
  surveyId: string,
  settings: ReportSettings,
  username: string,
  action = "rapporto.impostazioni",
  now = new Date(),
): Promise<void> {
  return store.saveSettings(
    surveyId,
    settings,
    username,
    (before) => ({ username, action, target: surveyId, details: describeChanges(before, settings) }),
    now,
  );
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
export async function uploadMargins(
  store: ReportSettingsWrites,
  survey: LoadedSurvey,
  upload: MarginsUpload,
  username: string,
  now = new Date(),
): Promise<{ ok: true } | { ok: false; errors: string[] }> {
  const surveyId = survey.definition.id;
  const parsed = parseMargins(
    upload.name,
    upload.csv,
    { illustrative: upload.illustrative, source: upload.source },
    weightingChoices(survey),
  );
  if (!parsed.ok) return parsed;
  const cells = Object.values(parsed.margins.targets).reduce((s, cats) => s + Object.keys(cats).length, 0);
  const row: StoredMargins = {
    surveyId,
    name: upload.name,
    csv: upload.csv,
    illustrative: upload.illustrative,
    source: upload.source,
    uploadedAt: now.toISOString(),
    uploadedBy: username,
  };
  await store.saveMargins(row, (before) => ({
    username,
    action: "rapporto.margini",
    target: surveyId,
    details: `${before ? `«${before.name}»` : "file predefinito"} → «${upload.name}» (${cells} categorie; ${upload.illustrative ? "illustrativi" : "dati verificati"}; fonte: ${upload.source})`,
  }));
  return { ok: true };
}

/** Forgets the uploaded margins: the report goes back to the shipped file. */
export function resetMargins(
  store: ReportSettingsWrites,
  surveyId: string,
  username: string,
  now = new Date(),
): Promise<boolean> {
  return store.deleteMargins(
    surveyId,
    (before) => ({
      username,
      action: "rapporto.margini.predefiniti",
      target: surveyId,
      details: `«${before.name}» → file predefinito`,
    }),
    now,
  );
}
