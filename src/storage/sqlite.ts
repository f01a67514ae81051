import { checkpointWal, rawClient, type Db } from "../db/client.js";
import { inGroupCommit } from "../db/group-commit.js";
import { pingDatabase, readMigrationState } from "../db/health.repository.js";
import * as codes from "./sqlite-access-codes.js";
import * as draftRepo from "./sqlite-drafts.js";
import * as responseRepo from "./sqlite-responses.js";
import { recordFeedbackOnce } from "./sqlite-feedback.js";
import { serverKey } from "./sqlite-keys.js";
import { createSqliteEnteStore } from "./sqlite-ente.js";
import { createSqliteReportSettingsStore } from "./sqlite-report-settings.js";
import { createSqliteReportInputs } from "./sqlite-report-inputs.js";
import { later } from "./later.js";
import { createSqlitePublicationStore } from "./sqlite-publications.js";
import { createSqliteApiTokenStore } from "./sqlite-api-tokens.js";
import {
  countPaperEntries,
  createSqlitePaperEntryStore,
  deletePaperEntriesCreatedBefore,
} from "./sqlite-paper-entries.js";
import { createSqliteDesignerStore } from "./sqlite-designer.js";
import { createSqliteSessionStore, createSqliteSignInStore } from "./sqlite-sessions.js";
import { createSqliteAccountStore } from "./sqlite-accounts.js";
import { createSqliteSurveyStore } from "./sqlite-surveys.js";
import { createMemoryCounterStore } from "./memory/counters.js";
import { audit, listAudit } from "./sqlite-audit.js";
import * as dataRepo from "./sqlite-browse.js";
import { deleteDraftsStartedBefore, deleteResponsesBefore } from "./sqlite-browse.js";
import { sendDraft } from "./sqlite-submit.js";
import type { BuildOutcome, Storage } from "./types.js";

/**
 * The SQLite implementation of the storage boundary: the existing synchronous repositories
 * behind the async interface, unchanged (so the SQLite default behaves exactly as before).
 * better-sqlite3 is synchronous: each promise settles after its statement has committed.
 */
export function createSqliteStorage(db: Db): Storage {
  /** Reports being built in this process: one node serves SQLite, so that is every build there is. */
  const building = new Set<string>();
  /** A server key never changes once drawn: read once per key, not at every start of a questionnaire. */
  const keys = new Map<string, Buffer>();
  return {
    engine: "sqlite",
    accessCodes: {
      create: (surveyId, n, now = new Date(), entry) =>
        later(() =>
          db.transaction((tx) => {
            const made = codes.createAccessCodes(tx, surveyId, n, now);
            if (entry) audit(tx, entry, now);
            return made;
          }),
        ),
      isUsable: (surveyId, codeHash) => later(() => codes.isUsableCode(db, surveyId, codeHash)),
      consume: (surveyId, codeHash) => later(() => codes.consumeCode(db, surveyId, codeHash)),
      countStates: (surveyId) => later(() => codes.countAccessCodeStates(db, surveyId)),
      revoke: (surveyId, codeHash, entry, now = new Date()) =>
        later(() =>
          db.transaction((tx) => {
            const result = codes.revokeAccessCode(tx, surveyId, codeHash);
            if (entry) audit(tx, entry(result), now);
            return result;
          }),
        ),
      revokeUnused: (surveyId, entry, now = new Date()) =>
        later(() =>
          db.transaction((tx) => {
            const n = codes.revokeUnused(tx, surveyId);
            if (entry) audit(tx, entry(n), now);
            return n;
          }),
        ),
      knownHashes: (surveyId, hashes) => later(() => codes.surveyHashes(db, surveyId, [...hashes])),
    },
    drafts: {
      create: (input, now) => later(() => draftRepo.createDraft(db, input, now)),
      store: (input, now) => later(() => draftRepo.storeDraft(db, input, now)),
      find: (token) => later(() => draftRepo.findDraft(db, token)),
      findByResumeCode: (surveyId, code) => later(() => draftRepo.findDraftByResumeCode(db, surveyId, code)),
      save: (token, answers, lang, now) => later(() => draftRepo.saveDraft(db, token, answers, lang, now)),
      countOpen: (surveyId, now) => later(() => draftRepo.countOpenDrafts(db, surveyId, now)),
      countEmptyOpen: (surveyId, now) => later(() => draftRepo.countEmptyOpenDrafts(db, surveyId, now)),
      evictOldestEmpty: (surveyId, n, now) => later(() => draftRepo.evictOldestEmptyDrafts(db, surveyId, n, now)),
      purgeEmpty: (surveyId, now = new Date(), entry) =>
        later(() =>
          db.transaction((tx) => {
            const purged = draftRepo.purgeEmptyDrafts(tx, surveyId, now);
            if (entry) audit(tx, entry(purged), now);
            return purged;
          }),
        ),
      purgeExpired: (now) => later(() => draftRepo.purgeExpiredDrafts(db, now)),
      deleteOpen: (token) => later(() => draftRepo.deleteOpenDraft(db, token)),
    },
    responses: {
      insert: (response) => later(() => db.transaction((tx) => responseRepo.insertResponse(tx, response))),
      count: (surveyId) => later(() => responseRepo.countResponses(db, surveyId)),
      existingIds: (ids) => later(() => responseRepo.existingResponseIds(db, ids)),
      list: (surveyId) => later(() => responseRepo.listResponses(db, surveyId)),
      hasSynthetic: (surveyId) => later(() => responseRepo.hasSyntheticResponses(db, surveyId)),
      countByChannel: (surveyId) => later(() => responseRepo.countResponsesByChannel(db, surveyId)),
      submissionTimesSince: (surveyId, since) => later(() => responseRepo.submissionTimesSince(db, surveyId, since)),
      countPendingPaper: (surveyId) => later(() => countPaperEntries(db, surveyId)),
      countMatching: (filter) => later(() => dataRepo.countMatching(db, filter)),
      listMatching: (filter, offset, limit) => later(() => dataRepo.listMatching(db, filter, offset, limit)),
      find: (id) => later(() => dataRepo.findResponse(db, id)),
      insertAll: (rows, entry) =>
        later(() => {
          try {
            db.transaction(
              (tx) => {
                for (const row of rows) responseRepo.insertResponse(tx, row);
                for (const line of [entry].flat()) audit(tx, line);
              },
              { behavior: "immediate" },
            );
            return "stored" as const;
          } catch (error) {
            // A racing import stored one of these ids meanwhile: nothing of this one was kept.
            if ((error as { code?: string }).code === "SQLITE_CONSTRAINT_PRIMARYKEY") return "duplicate" as const;
            throw error;
          }
        }),
      answeredKeys: (surveyId) => later(() => dataRepo.answeredKeys(db, surveyId)),
      anySynthetic: (filter) => later(() => dataRepo.anySynthetic(db, filter)),
      // Each chunk is read whole before it is handed on: the connection is never left busy between chunks.
      iterateMatching: (filter) => toAsync(dataRepo.iterateMatching(db, filter)),
      erase: (id, entry) =>
        later(() =>
          db.transaction((tx) => {
            if (!dataRepo.deleteResponse(tx, id)) return false;
            audit(tx, entry);
            return true;
          }),
        ),
    },
    surveys: createSqliteSurveyStore(db),
    ente: createSqliteEnteStore(db),
    reportSettings: createSqliteReportSettingsStore(db),
    reportInputs: createSqliteReportInputs(db),
    publications: createSqlitePublicationStore(db),
    apiTokens: createSqliteApiTokenStore(db),
    paperEntries: createSqlitePaperEntryStore(db),
    designer: createSqliteDesignerStore(db),
    feedback: {
      recordOnce: (token, row) => later(() => recordFeedbackOnce(db, token, row)),
    },
    serverKey: (name) =>
      later(() => {
        let key = keys.get(name);
        if (!key) keys.set(name, (key = serverKey(db, name)));
        return key;
      }),
    migrationState: () =>
      later(() => {
        pingDatabase(db);
        return readMigrationState(db);
      }),
    sessions: createSqliteSessionStore(db),
    signIns: createSqliteSignInStore(db),
    accounts: createSqliteAccountStore(db),
    retention: {
      deleteResponsesBefore: (surveyId, before) => later(() => deleteResponsesBefore(db, surveyId, before)),
      deletePaperEntriesBefore: (surveyId, before) =>
        later(() => deletePaperEntriesCreatedBefore(db, surveyId, before)),
      deleteDraftsStartedBefore: (surveyId, before) => later(() => deleteDraftsStartedBefore(db, surveyId, before)),
    },
    audit: {
      record: (entry, now) => later(() => audit(db, entry, now)),
      list: (limit) => later(() => listAudit(db, limit)),
    },
    counters: createMemoryCounterStore(),
    buildExclusively: async <T>(
      surveyId: string,
      fingerprint: string,
      build: () => Promise<T>,
    ): Promise<BuildOutcome<T>> => {
      const key = `${surveyId}\u0000${fingerprint}`;
      if (building.has(key)) return { status: "busy" };
      building.add(key);
      try {
        return { status: "built", value: await build() };
      } finally {
        building.delete(key);
      }
    },
    sendDraft: async (token, plan) => {
      // A group commit (src/db/group-commit.ts): sendings of the same moment share one IMMEDIATE
      // transaction and one fsync under synchronous=FULL, each in its own savepoint, and each promise
      // settles only after that commit. The write lock serialises racing sends: the second reads the tombstone.
      const outcome = await inGroupCommit(db, (tx) => sendDraft(tx, token, plan));
      // A staff response: push the pages that held its access-code hash out of the WAL.
      if (outcome.status === "stored" && outcome.codeProtected) checkpointSoon(db);
      return outcome;
    },
    close: () =>
      later(() => {
        rawClient(db).close();
      }),
  };
}

/** A synchronous iterable as an async one (the boundary's shape; each value is there already). */
function toAsync<T>(values: Iterable<T>): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => {
      const iterator = values[Symbol.iterator]();
      return {
        next: () => Promise.resolve(iterator.next()),
        // A consumer that stops early (a download cut short) closes the generator, and its chunk query.
        return: (value?: T) => Promise.resolve(iterator.return?.(value) ?? { done: true as const, value }),
      };
    },
  };
}

/** A WAL checkpoint now, and again a few times a second apart if readers were in the way. */
export function checkpointSoon(db: Db, tries = 5): void {
  if (checkpointWal(db) || tries <= 1) return;
  setTimeout(() => checkpointSoon(db, tries - 1), 1000).unref();
}
