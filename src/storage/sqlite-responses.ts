import { randomInt } from "node:crypto";
import { and, count, eq, gte, inArray } from "drizzle-orm";
import { preparedStatement, type Db } from "../db/client.js";
import { responses } from "../db/schema.js";
import { iterateMatching } from "./sqlite-browse.js";
import { CHANNELS, type Channel } from "../surveys/vocabulary.js";
import type { NewResponse, ResponseCounts, StoredResponse } from "../responses/records.js";

const INSERT_RESPONSE =
  "INSERT INTO responses (id, survey_id, survey_version, channel, lang, started_at, submitted_at, synthetic, entered_by, cell_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/** Record keys of the cell-key method are integers in [0, 2^32). */
const CELL_KEY_RANGE = 2 ** 32;
/** The INSERT of `rows` answer rows at once: one call into SQLite per response instead of one per answer. */
const insertAnswers = (rows: number): string =>
  `INSERT INTO answers (response_id, key, value) VALUES ${Array(rows).fill("(?, ?, ?)").join(", ")}`;
const ANSWERS_PER_INSERT = 100;

/**
 * Call inside a transaction: the response and its answers are stored together or not at all.
 * Statements prepared once and reused: building and preparing the INSERT of ~60 answer rows at every
 * response was most of the cost of a submission and of an import (BENCHMARKS.md).
 * The record key of the cell-key method is drawn here, once, for every response however it arrives
 * (web, kiosk, paper, import, demo): random and independent of everything else, so a published
 * count's noise says nothing about who is in it (docs/disclosure-policy.md).
 */
export function insertResponse(db: Db, response: NewResponse): void {
  const r = response;
  preparedStatement(db, INSERT_RESPONSE).run(
    r.id,
    r.surveyId,
    r.surveyVersion,
    r.channel,
    r.lang,
    r.startedAt,
    r.submittedAt,
    r.synthetic ? 1 : 0,
    r.enteredBy ?? null,
    randomInt(0, CELL_KEY_RANGE),
  );
  const keys = Object.keys(r.answers);
  for (let start = 0; start < keys.length; start += ANSWERS_PER_INSERT) {
    const chunk = keys.slice(start, start + ANSWERS_PER_INSERT);
    const values: string[] = [];
    for (const key of chunk) values.push(r.id, key, r.answers[key]);
    // One statement per row count (a few dozen distinct counts), each prepared once per connection.
    preparedStatement(db, insertAnswers(chunk.length)).run(values);
  }
}

export function countResponses(db: Db, surveyId: string): number {
  return db.select({ n: count() }).from(responses).where(eq(responses.surveyId, surveyId)).get()?.n ?? 0;
}

/** How many responses a survey has, in all and by channel: counts only, never who or which. */
export function countResponsesByChannel(db: Db, surveyId: string): ResponseCounts {
  const rows = db
    .select({ channel: responses.channel, synthetic: responses.synthetic, n: count() })
    .from(responses)
    .where(eq(responses.surveyId, surveyId))
    .groupBy(responses.channel, responses.synthetic)
    .all();
  const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
  for (const r of rows) byChannel[r.channel] += r.n;
  return {
    total: rows.reduce((sum, r) => sum + r.n, 0),
    synthetic: rows.filter((r) => r.synthetic).reduce((sum, r) => sum + r.n, 0),
    byChannel,
  };
}

/** Whether any response of the survey is synthetic: every page that shows its data then says "dati simulati". */
export function hasSyntheticResponses(db: Db, surveyId: string): boolean {
  return (
    db
      .select({ id: responses.id })
      .from(responses)
      .where(and(eq(responses.surveyId, surveyId), eq(responses.synthetic, true)))
      .limit(1)
      .get() !== undefined
  );
}

/** Which of these response ids are already stored (checked in chunks: SQLite limits bound parameters). */
export function existingResponseIds(db: Db, ids: readonly string[]): string[] {
  const found: string[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    found.push(
      ...db
        .select({ id: responses.id })
        .from(responses)
        .where(inArray(responses.id, ids.slice(i, i + 500)))
        .all()
        .map((r) => r.id),
    );
  }
  return found;
}

/** The submission times of a survey's responses since a moment (for counts by day). */
export function submissionTimesSince(db: Db, surveyId: string, since: string): string[] {
  return db
    .select({ at: responses.submittedAt })
    .from(responses)
    .where(and(eq(responses.surveyId, surveyId), gte(responses.submittedAt, since)))
    .all()
    .map((r) => r.at);
}

/**
 * Every response of a survey with its answers, in submission order. Read in chunks of raw rows
 * (iterateMatching): one query materialising every answer row as an object took 8 s and 1 GB at
 * 35,000 respondents, the chunks half the time and a quarter of the memory (BENCHMARKS.md).
 */
export function listResponses(db: Db, surveyId: string): StoredResponse[] {
  return Array.from(iterateMatching(db, { surveyId }, 2000));
}
