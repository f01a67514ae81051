import { sql } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { readReportSettings, readStoredMargins } from "./report-settings.js";
import type { ReportInputData, ReportInputState, ReportInputsReader, ReportSurveys } from "../../report/inputs.js";
import { surveyIdsOf } from "../../report/inputs.js";
import type { StoredResponse } from "../../responses/records.js";
import type { Answers } from "../../surveys/options.js";
import type { Channel } from "../../surveys/vocabulary.js";

/** Responses per query: one chunk in memory as rows at a time, never the whole survey as one result. */
const CHUNK = 2000;

interface ResponseRow extends Record<string, unknown> {
  id: string;
  survey_id: string;
  survey_version: number;
  channel: Channel;
  lang: "it" | "en";
  started_at: string | null;
  submitted_at: string;
  synthetic: boolean;
  entered_by: string | null;
  /** int8 arrives as text from node-postgres. */
  cell_key: string | null;
  answers: string;
}

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
 * Every response of a survey in submission order (then id), in keyset chunks. Each row carries its
 * answers as one JSON object ordered by key, as on SQLite.
 */
async function readResponses(db: PgDb, surveyId: string, chunk: number): Promise<StoredResponse[]> {
  const out: StoredResponse[] = [];
  let after: { submittedAt: string; id: string } | undefined;
  for (;;) {
    const keyset = after
      ? sql`AND (r.submitted_at COLLATE "C", r.id COLLATE "C") > (${after.submittedAt}, ${after.id})`
      : sql``;
    const { rows } = await db.execute<ResponseRow>(sql`
      SELECT r.id, r.survey_id, r.survey_version, r.channel, r.lang, r.started_at, r.submitted_at,
             r.synthetic, r.entered_by, r.cell_key::text AS cell_key, r.answers
      FROM responses r
      WHERE r.survey_id = ${surveyId} ${keyset}
      ORDER BY r.submitted_at COLLATE "C", r.id COLLATE "C"
      LIMIT ${chunk}`);
    for (const r of rows) out.push(toResponse(r));
    if (rows.length < chunk) return out;
    const last = rows[rows.length - 1];
    after = { submittedAt: last.submitted_at, id: last.id };
  }
}

/** The fields in the order SQLite's read gives them. */
function toResponse(r: ResponseRow): StoredResponse {
  return {
    id: r.id,
    surveyId: r.survey_id,
    surveyVersion: r.survey_version,
    channel: r.channel,
    lang: r.lang,
    startedAt: r.started_at,
    submittedAt: r.submitted_at,
    synthetic: r.synthetic,
    enteredBy: r.entered_by,
    cellKey: r.cell_key === null ? null : Number(r.cell_key),
    answers: JSON.parse(r.answers) as Answers,
  };
}
