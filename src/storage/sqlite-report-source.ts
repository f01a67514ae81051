import { databaseFileOf, type Db } from "../db/client.js";
import { createThreadBuilder, workerEntry, type ReportBuilder } from "../report/builders.js";
import {
  createReportServiceOn,
  type ReportService,
  type ReportServiceOptions,
  type ReportSource,
} from "../report/service.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { createSqliteReportInputs, runReportJob } from "./sqlite-report-inputs.js";

/**
 * Where the report service reads and builds when the server runs on SQLite: the inputs it compares
 * at every view on the server's connection, the builds in a worker thread with a read-only
 * connection of its own to the database file. An in-memory database (tests, throwaway demos) cannot
 * be opened by another connection, so its reports are built in this process.
 */
export function sqliteReportSource(db: Db): ReportSource {
  const file = databaseFileOf(db);
  return {
    inputs: createSqliteReportInputs(db),
    builder: file ? createSqliteWorkerBuilder(file) : createInlineBuilder(db),
  };
}

/**
 * The reports of the web on SQLite. A database file waits 100 ms for a burst of views and answers to
 * end before building; an in-memory one builds at once.
 */
export function createSqliteReportService(
  db: Db,
  registry: SurveyRegistry,
  options: ReportServiceOptions,
): ReportService {
  return createReportServiceOn(sqliteReportSource(db), registry, {
    debounceMs: databaseFileOf(db) ? 100 : 0,
    ...options,
  });
}

/**
 * Builds in a worker thread with its own read-only connection to the database file. The worker is
 * started at the first build and kept; if it dies, the builds in flight fail and the next build
 * starts a new one. It never keeps the process alive by itself.
 */
export function createSqliteWorkerBuilder(databasePath: string): ReportBuilder {
  return createThreadBuilder(workerEntry(import.meta.url, "sqlite-report-worker"), { databasePath });
}

/**
 * Builds in this process, on the next turn of the event loop: for an in-memory database, which no
 * other connection can open. Never used for a database file.
 */
export function createInlineBuilder(db: Db): ReportBuilder {
  return {
    build(job) {
      return new Promise((resolve, reject) => {
        setImmediate(() => {
          try {
            resolve(runReportJob(db, job));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      });
    },
    async close() {},
  };
}
