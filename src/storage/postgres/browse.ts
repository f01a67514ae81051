import { and, count, eq, sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgDb } from "../../db/pg/client.js";
import { responses } from "../../db/pg/schema.js";
import { metaColumns, withAnswers } from "../answers-json.js";
import { matchingOn } from "../response-filter.js";
import type { ResponseFilter, ResponseWithAnswers } from "../../responses/records.js";
import type { ResponseRepository } from "../types.js";
import { recordAudit } from "./audit.js";

/** The same filters as on SQLite (src/storage/response-filter.ts). */
const matching = (filter: ResponseFilter): SQL | undefined => matchingOn(responses, filter);

/** Responses per chunk of an export: one chunk in memory at a time. */
const CHUNK = 500;

/**
 * Every matching response with its answers in submission order, in keyset chunks. Text compared
 * byte by byte (COLLATE "C"), as SQLite does, so both engines export the rows in the same order.
 */
export async function* iterateMatching(
  db: PgDb,
  filter: ResponseFilter,
  chunkSize = CHUNK,
): AsyncGenerator<ResponseWithAnswers> {
  let after: { submittedAt: string; id: string } | undefined;
  for (;;) {
    const keyset = after
      ? sql`(${responses.submittedAt} COLLATE "C", ${responses.id} COLLATE "C") > (${after.submittedAt}, ${after.id})`
      : undefined;
    const chunk = await db
      .select()
      .from(responses)
      .where(and(matching(filter), keyset))
      .orderBy(sql`${responses.submittedAt} COLLATE "C"`, sql`${responses.id} COLLATE "C"`)
      .limit(chunkSize);
    if (chunk.length === 0) return;
    yield* chunk.map(withAnswers);
    if (chunk.length < chunkSize) return;
    const last = chunk[chunk.length - 1];
    after = { submittedAt: last.submittedAt, id: last.id };
  }
}

/** The responses browser, the erasure of one response and the exports' reads, on PostgreSQL. */
export function createPostgresBrowse(
  db: PgDatabase,
): Pick<
  ResponseRepository,
  "countMatching" | "listMatching" | "find" | "erase" | "answeredKeys" | "anySynthetic" | "iterateMatching"
> {
  return {
    async answeredKeys(surveyId) {
      const { rows } = await db.execute<{ key: string }>(
        sql`SELECT DISTINCT answer.key FROM ${responses}, json_object_keys(${responses.answers}::json) AS answer(key) WHERE ${responses.surveyId} = ${surveyId}`,
      );
      return new Set(rows.map((r) => r.key));
    },
    async anySynthetic(filter) {
      const [row] = await db
        .select({ id: responses.id })
        .from(responses)
        .where(and(matching(filter), eq(responses.synthetic, true)))
        .limit(1);
      return row !== undefined;
    },
    iterateMatching: (filter) => iterateMatching(db, filter),
    async countMatching(filter) {
      const [row] = await db.select({ n: count() }).from(responses).where(matching(filter));
      return Number(row?.n ?? 0);
    },
    listMatching: (filter, offset, limit) =>
      db
        .select(metaColumns(responses))
        .from(responses)
        .where(matching(filter))
        .orderBy(sql`${responses.submittedAt} COLLATE "C" DESC`, sql`${responses.id} COLLATE "C" DESC`)
        .limit(limit)
        .offset(offset),
    async find(id) {
      const [row] = await db.select().from(responses).where(eq(responses.id, id));
      return row && withAnswers(row);
    },
    erase: (id, entry) =>
      db.transaction(async (tx) => {
        const gone = await tx.delete(responses).where(eq(responses.id, id)).returning({ id: responses.id });
        if (gone.length === 0) return false;
        await recordAudit(tx, entry, new Date());
        return true;
      }),
  };
}
