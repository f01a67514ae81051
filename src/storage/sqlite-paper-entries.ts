import { randomUUID } from "node:crypto";
import { and, asc, count, eq, lt } from "drizzle-orm";
import { audit } from "./sqlite-audit.js";
import type { Db } from "../db/client.js";
import { paperEntries } from "../db/schema.js";
import type { PaperEntryStore } from "../responses/paper-entry.service.js";
import { toEntry, type NewPaperEntry, type PaperEntry } from "../responses/records.js";
import { insertResponse } from "./sqlite-responses.js";
import type { Answers } from "../surveys/options.js";
import { later } from "./later.js";

/** Keeps a first typing of a paper questionnaire until it is typed a second time. */
export function createPaperEntry(db: Db, input: NewPaperEntry, now = new Date()): PaperEntry {
  const row = { ...input, id: randomUUID(), answers: JSON.stringify(input.answers), createdAt: now.toISOString() };
  db.insert(paperEntries).values(row).run();
  return { ...input, id: row.id, createdAt: row.createdAt, secondAnswers: null, secondBy: null };
}

export function findPaperEntry(db: Db, surveyId: string, id: string): PaperEntry | undefined {
  const row = db
    .select()
    .from(paperEntries)
    .where(and(eq(paperEntries.id, id), eq(paperEntries.surveyId, surveyId)))
    .get();
  return row && toEntry(row);
}

export function countPaperEntries(db: Db, surveyId: string): number {
  return db.select({ n: count() }).from(paperEntries).where(eq(paperEntries.surveyId, surveyId)).get()?.n ?? 0;
}

export function listPaperEntries(db: Db, surveyId: string): PaperEntry[] {
  return db
    .select()
    .from(paperEntries)
    .where(eq(paperEntries.surveyId, surveyId))
    .orderBy(asc(paperEntries.createdAt), asc(paperEntries.id))
    .all()
    .map(toEntry);
}

/** Keeps the second typing while its differences from the first are resolved. */
export function saveSecondTyping(db: Db, id: string, answers: Answers, by: string): void {
  db.update(paperEntries)
    .set({ secondAnswers: JSON.stringify(answers), secondBy: by })
    .where(eq(paperEntries.id, id))
    .run();
}

/** Removes a pending entry (stored as a response, or discarded); true if it was still there. */
export function deletePaperEntry(db: Db, id: string): boolean {
  return db.delete(paperEntries).where(eq(paperEntries.id, id)).run().changes === 1;
}

/** Forgets the second typing, to type the form again from the start. */
export function clearSecondTyping(db: Db, id: string): void {
  db.update(paperEntries).set({ secondAnswers: null, secondBy: null }).where(eq(paperEntries.id, id)).run();
}

/** Pending first typings hold answers too: the retention date removes those typed before it. */
export function deletePaperEntriesCreatedBefore(db: Db, surveyId: string, before: string): number {
  return db
    .delete(paperEntries)
    .where(and(eq(paperEntries.surveyId, surveyId), lt(paperEntries.createdAt, before)))
    .run().changes;
}

/** The paper forms on SQLite: each write and its audit line in one transaction. */
export function createSqlitePaperEntryStore(db: Db): PaperEntryStore {
  /** `write` and its audit line, in one transaction. */
  const audited = (write: (tx: Db) => void, entry: Parameters<typeof audit>[1], now: Date): Promise<void> =>
    later(() =>
      db.transaction((tx) => {
        write(tx);
        audit(tx, entry, now);
      }),
    );
  return {
    list: (surveyId) => later(() => listPaperEntries(db, surveyId)),
    find: (surveyId, id) => later(() => findPaperEntry(db, surveyId, id)),
    storeResponse: (response, pendingId, entry) =>
      later(() =>
        db.transaction(
          (tx) => {
            if (pendingId && !deletePaperEntry(tx, pendingId)) return false;
            insertResponse(tx, response);
            audit(tx, entry, new Date(response.submittedAt));
            return true;
          },
          { behavior: "immediate" },
        ),
      ),
    createFirst: (entry, record, now) => audited((tx) => createPaperEntry(tx, entry, now), record, now),
    saveSecond: (id, answers, by, record, now) => audited((tx) => saveSecondTyping(tx, id, answers, by), record, now),
    clearSecond: (id, record, now) => audited((tx) => clearSecondTyping(tx, id), record, now),
    delete: (id, record, now) => audited((tx) => deletePaperEntry(tx, id), record, now),
  };
}
