import { randomUUID } from "node:crypto";
import { and, asc, eq } from "drizzle-orm";
import type { AuditRecord } from "../../audit/entry.js";
import type { PgDatabase, PgDb } from "../../db/pg/client.js";
import { paperEntries } from "../../db/pg/schema.js";
import { toEntry } from "../../responses/records.js";
import type { PaperEntryStore } from "../../responses/paper-entry.service.js";
import { recordAudit } from "./audit.js";
import { insertResponse } from "./responses.js";

/** The paper forms on PostgreSQL: each write and its audit line in one transaction. */
export function createPostgresPaperEntryStore(db: PgDatabase): PaperEntryStore {
  /** `write` and its audit line, in one transaction. */
  const audited = (write: (tx: PgDb) => Promise<unknown>, entry: AuditRecord, now: Date): Promise<void> =>
    db.transaction(async (tx) => {
      await write(tx);
      await recordAudit(tx, entry, now);
    });
  return {
    list: async (surveyId) =>
      (
        await db
          .select()
          .from(paperEntries)
          .where(eq(paperEntries.surveyId, surveyId))
          .orderBy(asc(paperEntries.createdAt), asc(paperEntries.id))
      ).map(toEntry),
    async find(surveyId, id) {
      const [row] = await db
        .select()
        .from(paperEntries)
        .where(and(eq(paperEntries.id, id), eq(paperEntries.surveyId, surveyId)));
      return row && toEntry(row);
    },
    storeResponse: (response, pendingId, entry) =>
      db.transaction(async (tx) => {
        // The DELETE takes the row's lock: of two operators resolving the same form, the second finds it gone.
        if (pendingId) {
          const gone = await tx
            .delete(paperEntries)
            .where(eq(paperEntries.id, pendingId))
            .returning({ id: paperEntries.id });
          if (gone.length === 0) return false;
        }
        await insertResponse(tx, response);
        await recordAudit(tx, entry, new Date(response.submittedAt));
        return true;
      }),
    createFirst: (entry, record, now) =>
      audited(
        (tx) =>
          tx.insert(paperEntries).values({
            ...entry,
            id: randomUUID(),
            answers: JSON.stringify(entry.answers),
            createdAt: now.toISOString(),
          }),
        record,
        now,
      ),
    saveSecond: (id, answers, by, record, now) =>
      audited(
        (tx) =>
          tx
            .update(paperEntries)
            .set({ secondAnswers: JSON.stringify(answers), secondBy: by })
            .where(eq(paperEntries.id, id)),
        record,
        now,
      ),
    clearSecond: (id, record, now) =>
      audited(
        (tx) => tx.update(paperEntries).set({ secondAnswers: null, secondBy: null }).where(eq(paperEntries.id, id)),
        record,
        now,
      ),
    delete: (id, record, now) => audited((tx) => tx.delete(paperEntries).where(eq(paperEntries.id, id)), record, now),
  };
}
