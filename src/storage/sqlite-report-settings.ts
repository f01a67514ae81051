import { eq } from "drizzle-orm";
import { audit } from "./sqlite-audit.js";
import type { Db } from "../db/client.js";
import { reportMargins, reportSettings } from "../db/schema.js";
import { settingsFromJson, type ReportSettings, type StoredMargins } from "../report/types.js";
import { later } from "./later.js";
import type { ReportSettingsStore } from "./types.js";

export function readReportSettings(db: Db, surveyId: string): ReportSettings {
  const row = db.select().from(reportSettings).where(eq(reportSettings.surveyId, surveyId)).get();
  return settingsFromJson(row?.json);
}

export function saveReportSettings(
  db: Db,
  surveyId: string,
  settings: ReportSettings,
  by: string,
  now = new Date(),
): void {
  const values = { json: JSON.stringify(settings), updatedAt: now.toISOString(), updatedBy: by };
  db.insert(reportSettings)
    .values({ surveyId, ...values })
    .onConflictDoUpdate({ target: reportSettings.surveyId, set: values })
    .run();
}

export function readStoredMargins(db: Db, surveyId: string): StoredMargins | undefined {
  return db.select().from(reportMargins).where(eq(reportMargins.surveyId, surveyId)).get();
}

export function saveStoredMargins(db: Db, row: StoredMargins): void {
  const { surveyId: _surveyId, ...rest } = row;
  db.insert(reportMargins).values(row).onConflictDoUpdate({ target: reportMargins.surveyId, set: rest }).run();
}

/** Back to the shipped margins file: the survey's uploaded margins are forgotten. */
export function deleteStoredMargins(db: Db, surveyId: string): boolean {
  return db.delete(reportMargins).where(eq(reportMargins.surveyId, surveyId)).run().changes > 0;
}

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
