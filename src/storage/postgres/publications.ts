import { eq, sql } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { reportPublications } from "../../db/pg/schema.js";
import {
  publishedAudit,
  toPublication,
  withdrawnAudit,
  type PublicationStore,
} from "../../report/publication.service.js";
import { recordAudit } from "./audit.js";

/** The published reports on PostgreSQL: each publication or withdrawal and its audit line in one transaction. */
export function createPostgresPublicationStore(db: PgDb): PublicationStore {
  return {
    async find(surveyId) {
      const [row] = await db.select().from(reportPublications).where(eq(reportPublications.surveyId, surveyId));
      return row && toPublication(row);
    },
    list: async () =>
      (
        await db
          .select()
          .from(reportPublications)
          .orderBy(sql`${reportPublications.surveyId} COLLATE "C"`)
      ).map(toPublication),
    publish: (report, by, now = new Date()) =>
      db.transaction(async (tx) => {
        const values = { reportJson: JSON.stringify(report), publishedAt: now.toISOString(), publishedBy: by };
        await tx
          .insert(reportPublications)
          .values({ surveyId: report.survey.id, ...values })
          .onConflictDoUpdate({ target: reportPublications.surveyId, set: values });
        await recordAudit(tx, publishedAudit(report, by), now);
      }),
    withdraw: (surveyId, by, now = new Date()) =>
      db.transaction(async (tx) => {
        const gone = await tx
          .delete(reportPublications)
          .where(eq(reportPublications.surveyId, surveyId))
          .returning({ surveyId: reportPublications.surveyId });
        if (gone.length === 0) return false;
        await recordAudit(tx, withdrawnAudit(surveyId, by), now);
        return true;
      }),
  };
}
