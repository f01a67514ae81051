import { audit } from "./sqlite-audit.js";
import type { Db } from "../db/client.js";
import {
  clearSecondTyping,
  createPaperEntry,
  deletePaperEntry,
  findPaperEntry,
  listPaperEntries,
  saveSecondTyping,
} from "../responses/paper-entries.repository.js";
import type { PaperEntryStore } from "../responses/paper-entry.service.js";
import { insertResponse } from "../responses/repository.js";
import { later } from "./later.js";

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
