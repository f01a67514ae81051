import { sql } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { readReportSettings, readStoredMargins } from "./report-settings.js";
import type { ReportInputData, ReportInputState, ReportInputsReader, ReportSurveys } from "../../report/inputs.js";
import { surveyIdsOf } from "../../report/inputs.js";
import type { StoredResponse } from "../../responses/records.js";
import { iterateMatching } from "./browse.js";
import { ResponseTabulator } from "../../report/tabulated-responses.js";

/** Responses per query: one chunk in memory as rows at a time, never the whole survey as one result. */
const CHUNK = 2000;

/**
 * The report's inputs on PostgreSQL, the same plain data as SQLite's reader (src/report/inputs.ts) so
 * that the same rows give byte for byte the same report. Text is ordered with COLLATE "C" whatever the
 * database's collation: byte order, as SQLite's, so the responses (and the sums over them) come in
 * the same order, and each response's answers in the same key order.
 */
export function createPostgresReportInputs(db: PgDb, options: { chunk?: number } = {}): ReportInputsReader {
  const chunk = options.chunk ?? CHUNK;
  return {
    state: (surveys) => readState(db, surveys),
    // One snapshot for every query of the build: answers arriving meanwhile wait for the next build.
    read: (surveys) =>
      db.transaction(
        async (tx): Promise<ReportInputData> => ({
          ...(await readState(tx, surveys)),
          citizens: await readResponses(tx, surveys.surveyId, chunk),
          staff: surveys.staffSurveyId ? await readResponses(tx, surveys.staffSurveyId, chunk) : [],
        }),
        { isolationLevel: "repeatable read", accessMode: "read only" },
      ),
  };
}

async function readState(db: PgDb, surveys: ReportSurveys): Promise<ReportInputState> {
  return {
    settings: await readReportSettings(db, surveys.surveyId),
    storedMargins: await readStoredMargins(db, surveys.surveyId),
    fingerprint: await fingerprint(db, surveyIdsOf(surveys)),
  };
}

/**
 * Changes when a response is added or erased: the number of responses, the sum of their record keys
 * (random 32-bit integers drawn at storage: an erased response and a new one leave the sum unchanged
 * once in 2^32) and the latest submission. PostgreSQL has no rowid to sum as SQLite's fingerprint
 * does; plain integer sums keep this cheap enough to ask at every view of a report page.
 */
async function fingerprint(db: PgDb, surveyIds: string[]): Promise<string> {
  const parts: string[] = [];
  for (const id of surveyIds) {
    const { rows } = await db.execute<{ n: string; sum: string; last: string }>(sql`
      SELECT count(*)::text AS n, coalesce(sum(cell_key), 0)::text AS sum, coalesce(max(submitted_at), '') AS last
      FROM responses WHERE survey_id = ${id}`);
    parts.push(`${id}:${rows[0].n}:${rows[0].sum}:${rows[0].last}`);
  }
  return parts.join("|");
}

/**
 * Every response of a survey in submission order (then id), in keyset chunks of `chunk` rows: the
 * exports' own read (the same byte order as SQLite), gathered.
 */
async function readResponses(db: PgDb, surveyId: string, chunk: number): Promise<StoredResponse[]> {
  // Their answers go into the report's answer columns as they come (src/report/tabulated-responses.ts).
  const out = new ResponseTabulator();
  for await (const response of iterateMatching(db, { surveyId }, chunk)) out.add(response);
  return out.finish();
}
