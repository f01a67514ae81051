import { sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { responses } from "../db/schema.js";

/**
 * Computed reports, kept while their inputs are unchanged: a report on 35,000 responses with 1,000
 * bootstrap replicates takes seconds, and the giunta reads the same one many times. Kept per database
 * (a WeakMap, so a test's database takes its cache with it), the most recent few only.
 */
const caches = new WeakMap<object, Map<string, unknown>>();
const MAX_REPORTS = 16;

export function cachedReport<T>(db: Db, key: string, compute: () => T): T {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map<string, unknown>()));
  if (cache.has(key)) {
    const hit = cache.get(key) as T;
    // Refresh its place: the oldest unused report is the one dropped.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const value = compute();
  cache.set(key, value);
  if (cache.size > MAX_REPORTS) cache.delete(cache.keys().next().value!);
  return value;
}

/**
 * What the responses of these surveys are now: their number and the sum and maximum of their row
 * numbers. A new response, an import or an erasure changes it; responses are never edited in place.
 */
export function responsesFingerprint(db: Db, surveyIds: string[]): string {
  return surveyIds
    .map((id) => {
      const row = db
        .select({
          n: sql<number>`count(*)`,
          sum: sql<number>`coalesce(sum(${responses}.rowid), 0)`,
          max: sql<number>`coalesce(max(${responses}.rowid), 0)`,
        })
        .from(responses)
        .where(sql`${responses.surveyId} = ${id}`)
        .get();
      return `${id}:${row?.n}:${row?.sum}:${row?.max}`;
    })
    .join("|");
}
