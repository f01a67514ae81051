import { eq } from "drizzle-orm";
import { audit } from "./sqlite-audit.js";
import type { Db } from "../db/client.js";
import { reportPublications } from "../db/schema.js";
import type { Report } from "../report/contract.js";
import {
  publishedAudit,
  toPublication,
  withdrawnAudit,
  type Publication,
  type PublicationStore,
} from "../report/publication.service.js";
import { later } from "./later.js";

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

/** The published reports on SQLite: each publication or withdrawal and its audit line in one transaction. */
export function createSqlitePublicationStore(db: Db): PublicationStore {
  return {
    find: (surveyId) => later(() => findPublication(db, surveyId)),
    list: () => later(() => listPublications(db)),
    publish: (report, by, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          savePublication(tx, report, by, now);
          audit(tx, publishedAudit(report, by), now);
        }),
      ),
    withdraw: (surveyId, by, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          const withdrawn = deletePublication(tx, surveyId);
          if (withdrawn) audit(tx, withdrawnAudit(surveyId, by), now);
          return withdrawn;
        }),
      ),
  };
}
