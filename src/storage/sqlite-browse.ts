import { and, asc, count, desc, eq, lt, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { drafts, responses } from "../db/schema.js";
import type { ResponseFilter, ResponseMeta, ResponseWithAnswers } from "../responses/records.js";
import { matchingOn } from "./response-filter.js";
import { metaColumns, withAnswers } from "./answers-json.js";

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
    .select(metaColumns(responses))
    .from(responses)
    .where(matching(filter))
    .orderBy(desc(responses.submittedAt), desc(responses.id))
    .limit(limit)
    .offset(offset)
    .all();
}

/** The answer keys used by any response of the survey (e.g. rows of services retired since). */
export function answeredKeys(db: Db, surveyId: string): Set<string> {
  const rows = db.all<{ key: string }>(
    sql`SELECT DISTINCT answer.key AS key FROM ${responses}, json_each(${responses.answers}) AS answer WHERE ${responses.surveyId} = ${surveyId}`,
  );
  return new Set(rows.map((r) => r.key));
}

/**
 * Every matching response with its answers, in submission order, in chunks: memory stays
 * bounded whatever the number of responses. Each chunk is read whole before it is yielded, so the
 * connection is never left busy while the consumer waits for a slow client (other requests keep
 * using it between chunks). A response is one row, its answers one JSON text.
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
    yield* chunk.map(withAnswers);
    if (chunk.length < chunkSize) return;
    const last = chunk[chunk.length - 1];
    after = { submittedAt: last.submittedAt, id: last.id };
  }
}

export function findResponse(db: Db, id: string): ResponseWithAnswers | undefined {
  const row = db.select().from(responses).where(eq(responses.id, id)).get();
  return row && withAnswers(row);
}

/** Deletes one response with its answers; returns whether it existed. */
export function deleteResponse(db: Db, id: string): boolean {
  return db.delete(responses).where(eq(responses.id, id)).run().changes === 1;
}

/** Deletes the responses of a survey submitted before an instant; returns how many. */
export function deleteResponsesBefore(db: Db, surveyId: string, before: string): number {
  return db
    .delete(responses)
    .where(and(eq(responses.surveyId, surveyId), lt(responses.submittedAt, before)))
    .run().changes;
}

/** Deletes a survey's drafts (and tombstones) started before an instant; returns how many. */
export function deleteDraftsStartedBefore(db: Db, surveyId: string, before: string): number {
  return db
    .delete(drafts)
    .where(and(eq(drafts.surveyId, surveyId), lt(drafts.startedAt, before)))
    .run().changes;
}
