import { and, eq, lt } from "drizzle-orm";
import type { PgDatabase } from "../../db/pg/client.js";
import { drafts, paperEntries, responses } from "../../db/pg/schema.js";
import type { RetentionStore } from "../types.js";

/** The retention job's deletions on PostgreSQL, with the same conditions as on SQLite (src/storage/sqlite-browse.ts). */
export function createPostgresRetentionStore(db: PgDatabase): RetentionStore {
  return {
    async deleteResponsesBefore(surveyId, before) {
      const gone = await db
        .delete(responses)
        .where(and(eq(responses.surveyId, surveyId), lt(responses.submittedAt, before)))
        .returning({ id: responses.id });
      return gone.length;
    },
    async deletePaperEntriesBefore(surveyId, before) {
      const gone = await db
        .delete(paperEntries)
        .where(and(eq(paperEntries.surveyId, surveyId), lt(paperEntries.createdAt, before)))
        .returning({ id: paperEntries.id });
      return gone.length;
    },
    async deleteDraftsStartedBefore(surveyId, before) {
      const gone = await db
        .delete(drafts)
        .where(and(eq(drafts.surveyId, surveyId), lt(drafts.startedAt, before)))
        .returning({ token: drafts.token });
      return gone.length;
    },
  };
}
