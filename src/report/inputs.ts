import type { Db } from "../db/client.js";
import { listResponses, type StoredResponse } from "../responses/repository.js";
import { responsesFingerprint } from "./cache.js";
import { readReportSettings, readStoredMargins, type StoredMargins } from "./settings.repository.js";
import type { ReportSettings } from "./types.js";

/** Which surveys a report reads: the citizen survey (every version of it) and its staff survey, if any. */
export interface ReportSurveys {
  surveyId: string;
  staffSurveyId?: string;
}

/** The stored state a report depends on, cheap to read: what a page compares at every view. */
export interface ReportInputState {
  /** The survey's stored report settings over the defaults. */
  settings: ReportSettings;
  /** Margins uploaded for the survey; without them the shipped file is used. */
  storedMargins: StoredMargins | undefined;
  /**
   * Changes whenever a response of these surveys is added or erased. Each engine computes its own,
   * so a fingerprint is compared only with one of the same engine.
   */
  fingerprint: string;
}

/** Everything a report is built from that lives in the database, as plain data. */
export interface ReportInputData extends ReportInputState {
  /** The citizen survey's responses, every version, in submission order (then id). */
  citizens: StoredResponse[];
  /** The staff survey's responses in the same order; empty without a staff survey. */
  staff: StoredResponse[];
}

/**
 * What the report reads from storage, on either engine: SQLite (below, the report's hot path) or
 * PostgreSQL (src/storage/postgres/report-inputs.ts). The same data gives byte for byte the same
 * report: both read the responses in the same order, each response's answers in key order.
 */
export interface ReportInputsReader {
  state(surveys: ReportSurveys): Promise<ReportInputState>;
  /** Settings, margins, fingerprint and responses from one snapshot of the database. */
  read(surveys: ReportSurveys): Promise<ReportInputData>;
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
 * The responses come one row each with their answers as one JSON object (listResponses).
 */
export function readInputDataSqlite(db: Db, surveys: ReportSurveys): ReportInputData {
  const read = (): ReportInputData => ({
    ...readInputStateSqlite(db, surveys),
    citizens: listResponses(db, surveys.surveyId),
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

/** better-sqlite3 is synchronous: each promise settles with a read already finished. */
export function createSqliteReportInputs(db: Db): ReportInputsReader {
  return {
    state: (surveys) => new Promise((resolve) => resolve(readInputStateSqlite(db, surveys))),
    read: (surveys) => new Promise((resolve) => resolve(readInputDataSqlite(db, surveys))),
  };
}

export function surveyIdsOf(surveys: ReportSurveys): string[] {
  return [surveys.surveyId, ...(surveys.staffSurveyId ? [surveys.staffSurveyId] : [])];
}
