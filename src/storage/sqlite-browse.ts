import type SQLite from "better-sqlite3";
import { and, asc, count, desc, eq, inArray, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { answers, drafts, responses } from "../db/schema.js";
import type { Answers } from "../surveys/options.js";
import type { ResponseFilter, ResponseMeta, ResponseWithAnswers } from "../responses/records.js";
import { matchingOn } from "./response-filter.js";

const matching = (filter: ResponseFilter): SQL | undefined => matchingOn(responses, filter);

export function countMatching(db: Db, filter: ResponseFilter): number {
  return db.select({ n: count() }).from(responses).where(matching(filter)).get()?.n ?? 0;
}

export function anySynthetic(db: Db, filter: ResponseFilter): boolean {
  return (
    db
      .select({ id: responses.id })
      .from(responses)
      .where(and(matching(filter), eq(responses.synthetic, true)))
      .limit(1)
      .get() !== undefined
  );
}

/** Newest first, for the responses browser. */
export function listMatching(db: Db, filter: ResponseFilter, offset: number, limit: number): ResponseMeta[] {
  return db
    .select()
    .from(responses)
    .where(matching(filter))
    .orderBy(desc(responses.submittedAt), desc(responses.id))
    .limit(limit)
    .offset(offset)
    .all();
}

/** The answer keys used by any response of the survey (e.g. rows of services retired since). */
export function answeredKeys(db: Db, surveyId: string): Set<string> {
  const rows = db
    .selectDistinct({ key: answers.key })
    .from(answers)
    .innerJoin(responses, eq(answers.responseId, responses.id))
    .where(eq(responses.surveyId, surveyId))
    .all();
  return new Set(rows.map((r) => r.key));
}

/**
 * Every matching response with its answers, in submission order, in chunks: memory stays
 * bounded whatever the number of responses. Each chunk's statement is read to its end with
 * better-sqlite3's iterate() before the chunk is yielded, so the connection is never left busy
 * while the consumer waits for a slow client (other requests keep using it between chunks).
 */
export function* iterateMatching(db: Db, filter: ResponseFilter, chunkSize = 500): Generator<ResponseWithAnswers> {
  let after: { submittedAt: string; id: string } | undefined;
  for (;;) {
    const keyset = after
      ? sql`(${responses.submittedAt}, ${responses.id}) > (${after.submittedAt}, ${after.id})`
      : undefined;
    const chunk = db
      .select()
      .from(responses)
      .where(and(matching(filter), keyset))
      .orderBy(asc(responses.submittedAt), asc(responses.id))
      .limit(chunkSize)
      .all();
    if (chunk.length === 0) return;
    const byId = new Map<string, ResponseWithAnswers>(chunk.map((r) => [r.id, { ...r, answers: {} }]));
    // One row per response, its answers as one JSON object built by SQLite: parsing 35,000 small JSON
    // texts costs a fraction of crossing into SQLite once per answer row (about a million at 35,000).
    const ids = [...byId.keys()];
    const statement = client(db)
      .prepare<string[], [string, string]>(
        `SELECT response_id, json_group_object(key, value) FROM answers WHERE response_id IN (${ids.map(() => "?").join(",")}) GROUP BY response_id`,
      )
      .raw(true);
    for (const [responseId, json] of statement.iterate(...ids))
      byId.get(responseId)!.answers = JSON.parse(json) as Answers;
    yield* byId.values();
    if (chunk.length < chunkSize) return;
    const last = chunk[chunk.length - 1];
    after = { submittedAt: last.submittedAt, id: last.id };
  }
}

export function findResponse(db: Db, id: string): ResponseWithAnswers | undefined {
  const row = db.select().from(responses).where(eq(responses.id, id)).get();
  if (!row) return undefined;
  const values = db
    .select({ key: answers.key, value: answers.value })
    .from(answers)
    .where(eq(answers.responseId, id))
    .all();
  return { ...row, answers: Object.fromEntries(values.map((v) => [v.key, v.value])) };
}

/** Deletes one response with its answers; returns whether it existed. */
export function deleteResponse(db: Db, id: string): boolean {
  return db.transaction((tx) => {
    tx.delete(answers).where(eq(answers.responseId, id)).run();
    return tx.delete(responses).where(eq(responses.id, id)).run().changes === 1;
  });
}

/** Deletes the responses of a survey submitted before an instant; returns how many. */
export function deleteResponsesBefore(db: Db, surveyId: string, before: string): number {
  return db.transaction((tx) => {
    const doomed = tx
      .select({ id: responses.id })
      .from(responses)
      .where(and(eq(responses.surveyId, surveyId), lt(responses.submittedAt, before)));
    tx.delete(answers).where(inArray(answers.responseId, doomed)).run();
    return tx
      .delete(responses)
      .where(and(eq(responses.surveyId, surveyId), lt(responses.submittedAt, before)))
      .run().changes;
  });
}

/** Deletes a survey's drafts (and tombstones) started before an instant; returns how many. */
export function deleteDraftsStartedBefore(db: Db, surveyId: string, before: string): number {
  return db
    .delete(drafts)
    .where(and(eq(drafts.surveyId, surveyId), lt(drafts.startedAt, before)))
    .run().changes;
}

/** The raw connection, for iterate(); only the database handle has it, not a transaction. */
function client(db: Db): SQLite.Database {
  const raw = (db as unknown as { $client?: SQLite.Database }).$client;
  if (!raw) throw new Error("iterateMatching needs the database handle, not a transaction");
  return raw;
}
