import { randomInt } from "node:crypto";
import { and, count, eq, gte, inArray } from "drizzle-orm";
import { CHANNELS, type Channel } from "../../surveys/vocabulary.js";
import type { PgDatabase, PgDb } from "../../db/pg/client.js";
import { createPostgresBrowse, iterateMatching } from "./browse.js";
import { recordAudit } from "./audit.js";
import { paperEntries, responses } from "../../db/pg/schema.js";
import { answersJson } from "../answers-json.js";
import type { NewResponse, StoredResponse } from "../../responses/records.js";
import type { ResponseRepository } from "../types.js";

/** Record keys of the cell-key method are integers in [0, 2^32) (see src/storage/sqlite-responses.ts). */
const CELL_KEY_RANGE = 2 ** 32;
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
    answers: answersJson(r.answers),
  });
}

/**
 * In submission order, read in keyset chunks so memory stays bounded per query; ties in time ordered
 * by id byte by byte (iterateMatching's COLLATE "C"), as on SQLite, whatever the database's collation:
 * the same rows give the same report on both engines.
 */
async function listResponses(db: PgDb, surveyId: string): Promise<StoredResponse[]> {
  const out: StoredResponse[] = [];
  for await (const response of iterateMatching(db, { surveyId }, CHUNK)) out.push(response);
  return out;
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
