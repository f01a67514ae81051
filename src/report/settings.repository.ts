import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { reportMargins, reportSettings } from "../db/schema.js";
import { settingsFromJson, type ReportSettings } from "./types.js";

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

export type StoredMargins = typeof reportMargins.$inferSelect;

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
