import { createHash } from "node:crypto";
import type { PgDatabase } from "../../db/pg/client.js";
import type { BuildOutcome } from "../types.js";

/** The advisory lock's 64-bit key for one report: the first 8 bytes of a hash of survey and fingerprint. */
export function buildLockKey(surveyId: string, fingerprint: string): string {
  return createHash("sha256")
    .update(`report\u0000${surveyId}\u0000${fingerprint}`)
    .digest()
    .readBigInt64BE(0)
    .toString();
}

/**
 * Lets one node at a time build a report: `pg_try_advisory_lock` on a connection held for the whole
 * build. A node that does not get the lock does not wait (it serves the stored result, or asks again
 * later). The lock is the session's: if the building node dies, PostgreSQL drops its connection and
 * the lock with it, so no report stays locked forever.
 */
export async function buildExclusively<T>(
  db: PgDatabase,
  surveyId: string,
  fingerprint: string,
  build: () => Promise<T>,
): Promise<BuildOutcome<T>> {
  const key = buildLockKey(surveyId, fingerprint);
  const client = await db.$client.connect();
  // A connection dropped while held (server restart, network) must not crash the node: the error is
  // kept, the build's promise rejects at its unlock, and the broken connection leaves the pool.
  let lost: Error | undefined;
  const onError = (error: Error): void => {
    lost = error;
  };
  client.on("error", onError);
  try {
    const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1::bigint) AS locked", [
      key,
    ]);
    if (!rows[0].locked) return { status: "busy" };
    try {
      return { status: "built", value: await build() };
    } finally {
      await client.query("SELECT pg_advisory_unlock($1::bigint)", [key]);
    }
  } finally {
    client.off("error", onError);
    client.release(lost);
  }
}
