import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { reportPublications } from "../db/schema.js";
import type { Report } from "./contract.js";

export interface Publication {
  surveyId: string;
  report: Report;
  publishedAt: string;
  publishedBy: string;
}

/** A stored publication row (the same columns on both engines) as the report it holds. */
export const toPublication = (row: typeof reportPublications.$inferSelect): Publication => ({
  surveyId: row.surveyId,
  report: JSON.parse(row.reportJson) as Report,
  publishedAt: row.publishedAt,
  publishedBy: row.publishedBy,
});

export function findPublication(db: Db, surveyId: string): Publication | undefined {
  const row = db.select().from(reportPublications).where(eq(reportPublications.surveyId, surveyId)).get();
  return row && toPublication(row);
}

export function listPublications(db: Db): Publication[] {
  return db.select().from(reportPublications).orderBy(reportPublications.surveyId).all().map(toPublication);
}

export function savePublication(db: Db, report: Report, by: string, now: Date): void {
  const values = { reportJson: JSON.stringify(report), publishedAt: now.toISOString(), publishedBy: by };
  db.insert(reportPublications)
    .values({ surveyId: report.survey.id, ...values })
    .onConflictDoUpdate({ target: reportPublications.surveyId, set: values })
    .run();
}

export function deletePublication(db: Db, surveyId: string): boolean {
  return db.delete(reportPublications).where(eq(reportPublications.surveyId, surveyId)).run().changes > 0;
}
