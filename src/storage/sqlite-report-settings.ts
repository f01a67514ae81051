import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import {
  deleteStoredMargins,
  readReportSettings,
  readStoredMargins,
  saveReportSettings,
  saveStoredMargins,
} from "../report/settings.repository.js";
import { later } from "./later.js";
import type { ReportSettingsStore } from "./types.js";

/** A report's settings and uploaded margins on SQLite: each change and its audit line in one transaction. */
export function createSqliteReportSettingsStore(db: Db): ReportSettingsStore {
  return {
    settings: (surveyId) => later(() => readReportSettings(db, surveyId)),
    margins: (surveyId) => later(() => readStoredMargins(db, surveyId)),
    saveSettings: (surveyId, settings, by, describe, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          const before = readReportSettings(tx, surveyId);
          saveReportSettings(tx, surveyId, settings, by, now);
          audit(tx, describe(before), now);
        }),
      ),
    saveMargins: (row, describe) =>
      later(() =>
        db.transaction((tx) => {
          const before = readStoredMargins(tx, row.surveyId);
          saveStoredMargins(tx, row);
          audit(tx, describe(before), new Date(row.uploadedAt));
        }),
      ),
    deleteMargins: (surveyId, describe, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          const before = readStoredMargins(tx, surveyId);
          if (!before) return false;
          deleteStoredMargins(tx, surveyId);
          audit(tx, describe(before), now);
          return true;
        }),
      ),
  };
}
