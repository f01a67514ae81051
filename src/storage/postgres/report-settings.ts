import { eq } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { reportMargins, reportSettings } from "../../db/pg/schema.js";
import { settingsFromJson, type ReportSettings, type StoredMargins } from "../../report/types.js";
import type { ReportSettingsStore } from "../types.js";
import { recordAudit } from "./audit.js";

/** The survey's report settings over the defaults (pass a transaction to read them in its snapshot). */
export async function readReportSettings(db: PgDb, surveyId: string): Promise<ReportSettings> {
  const [row] = await db
    .select({ json: reportSettings.json })
    .from(reportSettings)
    .where(eq(reportSettings.surveyId, surveyId));
  return settingsFromJson(row?.json);
}

/** The margins uploaded for a survey (pass a transaction to read them in its snapshot). */
export async function readStoredMargins(db: PgDb, surveyId: string): Promise<StoredMargins | undefined> {
  const [row] = await db.select().from(reportMargins).where(eq(reportMargins.surveyId, surveyId));
  return row;
}

/**
 * What each report is built with, on PostgreSQL. Each change reads what it replaces under the row's
 * lock (FOR UPDATE): of two administrators saving at once, the second audits what the first left.
 */
export function createPostgresReportSettingsStore(db: PgDb): ReportSettingsStore {
  return {
    settings: (surveyId) => readReportSettings(db, surveyId),
    margins: (surveyId) => readStoredMargins(db, surveyId),
    saveSettings: (surveyId, settings, by, describe, now = new Date()) =>
      db.transaction(async (tx) => {
        const [locked] = await tx
          .select({ json: reportSettings.json })
          .from(reportSettings)
          .where(eq(reportSettings.surveyId, surveyId))
          .for("update");
        const before = settingsFromJson(locked?.json);
        const values = { json: JSON.stringify(settings), updatedAt: now.toISOString(), updatedBy: by };
        await tx
          .insert(reportSettings)
          .values({ surveyId, ...values })
          .onConflictDoUpdate({ target: reportSettings.surveyId, set: values });
        await recordAudit(tx, describe(before), now);
      }),
    saveMargins: (row, describe) =>
      db.transaction(async (tx) => {
        const [before] = await tx
          .select()
          .from(reportMargins)
          .where(eq(reportMargins.surveyId, row.surveyId))
          .for("update");
        const { surveyId: _id, ...rest } = row;
        await tx.insert(reportMargins).values(row).onConflictDoUpdate({ target: reportMargins.surveyId, set: rest });
        await recordAudit(tx, describe(before), new Date(row.uploadedAt));
      }),
    deleteMargins: (surveyId, describe, now = new Date()) =>
      db.transaction(async (tx) => {
        const [before] = await tx.delete(reportMargins).where(eq(reportMargins.surveyId, surveyId)).returning();
        if (!before) return false;
        await recordAudit(tx, describe(before), now);
        return true;
      }),
  };
}
