import type { StoredResponse } from "../responses/records.js";
import type { ReportSettings, StoredMargins } from "./types.js";

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
 * What the report reads from storage, on either engine: SQLite (src/storage/sqlite-report-inputs.ts)
 * or PostgreSQL (src/storage/postgres/report-inputs.ts). The same data gives byte for byte the same
 * report: both read the responses in the same order, each response's answers in key order.
 */
export interface ReportInputsReader {
  state(surveys: ReportSurveys): Promise<ReportInputState>;
  /** Settings, margins, fingerprint and responses from one snapshot of the database. */
  read(surveys: ReportSurveys): Promise<ReportInputData>;
}

export function surveyIdsOf(surveys: ReportSurveys): string[] {
  return [surveys.surveyId, ...(surveys.staffSurveyId ? [surveys.staffSurveyId] : [])];
}
