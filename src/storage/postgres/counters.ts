import { createHmac, randomBytes } from "node:crypto";
import { and, eq, gt, lte, sql } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { counterOwners, rateCounters, serverKeys } from "../../db/pg/schema.js";
import type { Count, CounterStore } from "../counters.js";

const KEY_NAME = "rate-counters";

/** The installation's key for the counters' row keys, drawn by whichever node asks first. */
async function counterKey(db: PgDb): Promise<Buffer> {
  await db
    .insert(serverKeys)
    .values({ name: KEY_NAME, value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await db.select({ value: serverKeys.value }).from(serverKeys).where(eq(serverKeys.name, KEY_NAME));
  return Buffer.from(row.value, "base64url");
}

/**
 * Counters shared by every app node: one row per key, changed by one atomic statement per hit
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING), so hits racing from any number of nodes are all
 * counted and each sees its own total. The row key is an HMAC of the limit and the client under a
 * server key: no address is written in clear, and a dump of the table cannot be reversed by trying
 * every IPv4 address without the key.
 */
export function createPostgresCounterStore(db: PgDb): CounterStore {
  let secret: Promise<Buffer> | undefined;
  const rowKey = async (key: string): Promise<string> => {
    secret ??= counterKey(db);
    return createHmac("sha256", await secret)
      .update(key)
      .digest("base64url");
  };
  const live = (key: string, now: number) => and(eq(rateCounters.key, key), gt(rateCounters.expiresAt, now));
  const decrementRow = async (row: string, now: number): Promise<void> => {
    await db
      .update(rateCounters)
      .set({ count: sql`${rateCounters.count} - 1` })
      .where(and(live(row, now), gt(rateCounters.count, 0)));
  };
  return {
    async increment(key, windowMs, options = {}): Promise<Count> {
      const now = options.now ?? Date.now();
      const end = now + windowMs;
      const ended = sql`${rateCounters.expiresAt} <= ${now}`;
      const [row] = await db
        .insert(rateCounters)
        .values({ key: await rowKey(key), count: 1, expiresAt: end })
        .onConflictDoUpdate({
          target: rateCounters.key,
          set: {
            count: sql`CASE WHEN ${ended} THEN 1 ELSE ${rateCounters.count} + 1 END`,
            expiresAt: options.sliding
              ? sql`${end}::bigint`
              : sql`CASE WHEN ${ended} THEN ${end}::bigint ELSE ${rateCounters.expiresAt} END`,
          },
        })
        .returning({ count: rateCounters.count, expiresAt: rateCounters.expiresAt });
      return row;
    },
    async read(key, now = Date.now()) {
      const [row] = await db
        .select({ count: rateCounters.count, expiresAt: rateCounters.expiresAt })
        .from(rateCounters)
        .where(live(await rowKey(key), now));
      return row;
    },
    async decrement(key, now = Date.now()) {
      await decrementRow(await rowKey(key), now);
    },
    async own(owner, key, holdMs, now = Date.now()) {
      await db
        .insert(counterOwners)
        .values({ owner: await rowKey(`owner\u0000${owner}`), key: await rowKey(key), expiresAt: now + holdMs })
        .onConflictDoNothing();
    },
    async release(owner, now = Date.now()) {
      // One statement takes the owner: of two nodes releasing it at once, one gives the hit back.
      const [held] = await db
        .delete(counterOwners)
        .where(eq(counterOwners.owner, await rowKey(`owner\u0000${owner}`)))
        .returning({ key: counterOwners.key, expiresAt: counterOwners.expiresAt });
      if (held && held.expiresAt > now) await decrementRow(held.key, now);
    },
    async reset(key) {
      await db.delete(rateCounters).where(eq(rateCounters.key, await rowKey(key)));
    },
    async purgeExpired(now = Date.now()) {
      await db.delete(counterOwners).where(lte(counterOwners.expiresAt, now));
      const gone = await db
        .delete(rateCounters)
        .where(lte(rateCounters.expiresAt, now))
        .returning({ key: rateCounters.key });
      return gone.length;
    },
  };
}
