import { eq } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { reportMargins } from "../../db/pg/schema.js";
import type { StoredMargins } from "../../report/settings.repository.js";
import type { ReportSettingsStore } from "../types.js";

/** The margins uploaded for a survey (pass a transaction to read them in its snapshot). */
export async function readStoredMargins(db: PgDb, surveyId: string): Promise<StoredMargins | undefined> {
  const [row] = await db.select().from(reportMargins).where(eq(reportMargins.surveyId, surveyId));
  return row;
}

/** What each report is built with, on PostgreSQL. */
export function createPostgresReportSettingsStore(db: PgDb): ReportSettingsStore {
  return { margins: (surveyId) => readStoredMargins(db, surveyId) };
}
