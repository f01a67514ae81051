import { and, count, desc, eq, gte, lt, type SQL } from "drizzle-orm";
import type { PgDatabase } from "../../db/pg/client.js";
import { answers, responses } from "../../db/pg/schema.js";
import type { ResponseFilter } from "../../responses/data.repository.js";
import type { ResponseRepository } from "../types.js";
import { recordAudit } from "./audit.js";

/** The same filters as on SQLite (src/responses/data.repository.ts). */
function matching(filter: ResponseFilter): SQL | undefined {
  return and(
    eq(responses.surveyId, filter.surveyId),
    filter.channel ? eq(responses.channel, filter.channel) : undefined,
    filter.since ? gte(responses.submittedAt, filter.since) : undefined,
    filter.before ? lt(responses.submittedAt, filter.before) : undefined,
    filter.synthetic === undefined ? undefined : eq(responses.synthetic, filter.synthetic),
  );
}

/** The responses browser and the erasure of one response, on PostgreSQL. */
export function createPostgresBrowse(
  db: PgDatabase,
): Pick<ResponseRepository, "countMatching" | "listMatching" | "find" | "erase"> {
  return {
    async countMatching(filter) {
      const [row] = await db.select({ n: count() }).from(responses).where(matching(filter));
      return Number(row?.n ?? 0);
    },
    listMatching: (filter, offset, limit) =>
      db
        .select()
        .from(responses)
        .where(matching(filter))
        .orderBy(desc(responses.submittedAt), desc(responses.id))
        .limit(limit)
        .offset(offset),
    async find(id) {
      const [row] = await db.select().from(responses).where(eq(responses.id, id));
      if (!row) return undefined;
      const values = await db
        .select({ key: answers.key, value: answers.value })
        .from(answers)
        .where(eq(answers.responseId, id));
      return { ...row, answers: Object.fromEntries(values.map((v) => [v.key, v.value])) };
    },
    erase: (id, entry) =>
      db.transaction(async (tx) => {
        await tx.delete(answers).where(eq(answers.responseId, id));
        const gone = await tx.delete(responses).where(eq(responses.id, id)).returning({ id: responses.id });
        if (gone.length === 0) return false;
        await recordAudit(tx, entry, new Date());
        return true;
      }),
  };
}
