import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { responses } from "../db/schema.js";
import {
  surveyIdsOf,
  type ReportInputData,
  type ReportInputState,
  type ReportInputsReader,
  type ReportSurveys,
} from "../report/inputs.js";
import { buildFromInputs, inputsKey, surveysOf, type BuiltReport, type ReportJob } from "../report/job.js";
import { readReportSettings, readStoredMargins } from "./sqlite-report-settings.js";
import { listResponses } from "./sqlite-responses.js";
import { iterateMatching } from "./sqlite-browse.js";
import { tabulateResponses } from "../report/tabulated-responses.js";

/**
 * The report's inputs on SQLite, the same plain data as PostgreSQL's reader
 * (src/storage/postgres/report-inputs.ts), so that the same rows give byte for byte the same report.
 * better-sqlite3 is synchronous: the worker and the in-process builder call the functions directly,
 * the web through the reader's promises, which settle with a read already finished.
 */
export function createSqliteReportInputs(db: Db): ReportInputsReader {
  return {
    state: (surveys) => new Promise((resolve) => resolve(readInputStateSqlite(db, surveys))),
    read: (surveys) => new Promise((resolve) => resolve(readInputDataSqlite(db, surveys))),
  };
}

export function readInputStateSqlite(db: Db, surveys: ReportSurveys): ReportInputState {
  return {
    settings: readReportSettings(db, surveys.surveyId),
    storedMargins: readStoredMargins(db, surveys.surveyId),
    fingerprint: responsesFingerprint(db, surveyIdsOf(surveys)),
  };
}

/**
 * Read in one deferred transaction, so the state returned is exactly that of the responses read even
 * while citizens keep answering on another connection (WAL gives the transaction its own snapshot).
 * The responses come one row each with their answers as one JSON object; the citizens' are gathered
 * into answer columns as they are read.
 */
export function readInputDataSqlite(db: Db, surveys: ReportSurveys): ReportInputData {
  const read = (): ReportInputData => ({
    ...readInputStateSqlite(db, surveys),
    // Their answers go into the report's answer columns as they are read (src/report/tabulated-responses.ts).
    citizens: tabulateResponses(iterateMatching(db, { surveyId: surveys.surveyId }, 2000)),
    staff: surveys.staffSurveyId ? listResponses(db, surveys.staffSurveyId) : [],
  });
  const client = (
    db as {
      $client?: {
        inTransaction: boolean;
        transaction: (fn: () => ReportInputData) => { deferred: () => ReportInputData };
      };
    }
  ).$client;
  return client && !client.inTransaction ? client.transaction(read).deferred() : read();
}

/**
 * What the responses of these surveys are now: their number and the sum and maximum of their row
 * numbers. A new response, an import or an erasure changes it; responses are never edited in place.
 */
export function responsesFingerprint(db: Db, surveyIds: string[]): string {
  return surveyIds
    .map((id) => {
      const row = db
        .select({
          n: sql<number>`count(*)`,
          sum: sql<number>`coalesce(sum(${responses}.rowid), 0)`,
          max: sql<number>`coalesce(max(${responses}.rowid), 0)`,
        })
        .from(responses)
        .where(sql`${responses.surveyId} = ${id}`)
        .get();
      return `${id}:${row?.n}:${row?.sum}:${row?.max}`;
    })
    .join("|");
}

/** The key of a job's inputs as they are now (what the report service compares at every view). */
export function reportInputs(db: Db, job: Omit<ReportJob, "generatedAt">): string {
  return inputsKey(job, readInputStateSqlite(db, surveysOf(job)));
}

/**
 * Builds the report of a job from the database, synchronously, in this thread: what the SQLite
 * worker runs, and what tests and the benchmark call to have a report here and now.
 */
export function runReportJob(db: Db, job: ReportJob): BuiltReport {
  return buildFromInputs(job, readInputDataSqlite(db, surveysOf(job)));
}
