import { randomInt } from "node:crypto";
import { and, asc, count, eq, gte, inArray, sql } from "drizzle-orm";
import { CHANNELS, type Channel } from "../../surveys/vocabulary.js";
import type { PgDatabase, PgDb } from "../../db/pg/client.js";
import { createPostgresBrowse } from "./browse.js";
import { recordAudit } from "./audit.js";
import { answers, paperEntries, responses } from "../../db/pg/schema.js";
import type { NewResponse, StoredResponse } from "../../responses/records.js";
import type { ResponseRepository } from "../types.js";

/** Record keys of the cell-key method are integers in [0, 2^32) (see src/storage/sqlite-responses.ts). */
const CELL_KEY_RANGE = 2 ** 32;
/** Rows per INSERT of answers: 3 parameters each, far below PostgreSQL's 65,535. */
const ANSWERS_PER_INSERT = 1000;
const CHUNK = 2000;

/** Call inside a transaction: the response and its answers are stored together or not at all. */
export async function insertResponse(db: PgDb, r: NewResponse): Promise<void> {
  await db.insert(responses).values({
    id: r.id,
    surveyId: r.surveyId,
    surveyVersion: r.surveyVersion,
    channel: r.channel,
    lang: r.lang,
    startedAt: r.startedAt,
    submittedAt: r.submittedAt,
    synthetic: r.synthetic ?? false,
    enteredBy: r.enteredBy ?? null,
    cellKey: randomInt(0, CELL_KEY_RANGE),
  });
  const rows = Object.entries(r.answers).map(([key, value]) => ({ responseId: r.id, key, value }));
  for (let start = 0; start < rows.length; start += ANSWERS_PER_INSERT)
    await db.insert(answers).values(rows.slice(start, start + ANSWERS_PER_INSERT));
}

/** In submission order, read in keyset chunks so memory stays bounded per query. */
async function listResponses(db: PgDb, surveyId: string): Promise<StoredResponse[]> {
  const out: StoredResponse[] = [];
  let after: { submittedAt: string; id: string } | undefined;
  for (;;) {
    const keyset = after
      ? sql`(${responses.submittedAt}, ${responses.id}) > (${after.submittedAt}, ${after.id})`
      : undefined;
    const chunk = await db
      .select()
      .from(responses)
      .where(and(eq(responses.surveyId, surveyId), keyset))
      .orderBy(asc(responses.submittedAt), asc(responses.id))
      .limit(CHUNK);
    if (chunk.length === 0) return out;
    const byId = new Map<string, StoredResponse>(chunk.map((r) => [r.id, { ...r, answers: {} }]));
    const rows = await db
      .select()
      .from(answers)
      .where(inArray(answers.responseId, [...byId.keys()]));
    for (const a of rows) byId.get(a.responseId)!.answers[a.key] = a.value;
    out.push(...byId.values());
    if (chunk.length < CHUNK) return out;
    const last = chunk[chunk.length - 1];
    after = { submittedAt: last.submittedAt, id: last.id };
  }
}

/** PostgreSQL's unique_violation, as node-postgres reports it (drizzle wraps it in `cause`). */
function uniqueViolation(error: unknown): boolean {
  const code = (e: unknown) => (e as { code?: string } | undefined)?.code;
  return code(error) === "23505" || code((error as { cause?: unknown }).cause) === "23505";
}

export function createResponseRepository(db: PgDatabase): ResponseRepository {
  return {
    insert: (response) => db.transaction((tx) => insertResponse(tx, response)),
    async countByChannel(surveyId) {
      const rows = await db
        .select({ channel: responses.channel, synthetic: responses.synthetic, n: count() })
        .from(responses)
        .where(eq(responses.surveyId, surveyId))
        .groupBy(responses.channel, responses.synthetic);
      const byChannel = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
      for (const r of rows) byChannel[r.channel] += Number(r.n);
      return {
        total: rows.reduce((sum, r) => sum + Number(r.n), 0),
        synthetic: rows.filter((r) => r.synthetic).reduce((sum, r) => sum + Number(r.n), 0),
        byChannel,
      };
    },
    async submissionTimesSince(surveyId, since) {
      const rows = await db
        .select({ at: responses.submittedAt })
        .from(responses)
        .where(and(eq(responses.surveyId, surveyId), gte(responses.submittedAt, since)));
      return rows.map((r) => r.at);
    },
    async countPendingPaper(surveyId) {
      const [row] = await db.select({ n: count() }).from(paperEntries).where(eq(paperEntries.surveyId, surveyId));
      return Number(row?.n ?? 0);
    },
    async hasSynthetic(surveyId) {
      const [row] = await db
        .select({ id: responses.id })
        .from(responses)
        .where(and(eq(responses.surveyId, surveyId), eq(responses.synthetic, true)))
        .limit(1);
      return row !== undefined;
    },
    async count(surveyId) {
      const [row] = await db.select({ n: count() }).from(responses).where(eq(responses.surveyId, surveyId));
      return Number(row?.n ?? 0);
    },
    async existingIds(ids) {
      const found: string[] = [];
      for (let i = 0; i < ids.length; i += 1000) {
        const rows = await db
          .select({ id: responses.id })
          .from(responses)
          .where(inArray(responses.id, ids.slice(i, i + 1000)));
        found.push(...rows.map((r) => r.id));
      }
      return found;
    },
    list: (surveyId) => listResponses(db, surveyId),
    async insertAll(rows, entry) {
      try {
        await db.transaction(async (tx) => {
          for (const row of rows) await insertResponse(tx, row);
          for (const line of [entry].flat()) await recordAudit(tx, line, new Date());
        });
        return "stored";
      } catch (error) {
        // A racing import stored one of these ids meanwhile (unique_violation): nothing of this one was kept.
        if (uniqueViolation(error)) return "duplicate";
        throw error;
      }
    },
    ...createPostgresBrowse(db),
  };
}
