import { randomInt } from "node:crypto";
import { and, count, eq, gte, inArray } from "drizzle-orm";
import { preparedStatement, type Db } from "../db/client.js";
import { responses } from "../db/schema.js";
import { answersJson } from "./answers-json.js";
import { iterateMatching } from "./sqlite-browse.js";
import { CHANNELS, type Channel } from "../surveys/vocabulary.js";
import type { NewResponse, ResponseCounts, StoredResponse } from "../responses/records.js";

const INSERT_RESPONSE =
  "INSERT INTO responses (id, survey_id, survey_version, channel, lang, started_at, submitted_at, synthetic, entered_by, cell_key, answers) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/** Record keys of the cell-key method are integers in [0, 2^32). */
const CELL_KEY_RANGE = 2 ** 32;

/**
 * The response and its answers are one row (the answers one JSON text), stored by a statement prepared
 * once and reused: an INSERT of ~60 answer rows per response was most of the cost of a submission and
 * of an import (BENCHMARKS.md).
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
    answersJson(r.answers),
  );
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
 * Every response of a survey with its answers, in submission order, read in keyset chunks of rows
 * (iterateMatching), each row one response with its answers as one JSON text.
 */
export function listResponses(db: Db, surveyId: string): StoredResponse[] {
  return Array.from(iterateMatching(db, { surveyId }, 2000));
}
