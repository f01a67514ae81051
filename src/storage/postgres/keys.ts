import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { eq, sql } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { serverKeys } from "../../db/pg/schema.js";
import type { MigrationState } from "../../ops/health.js";

/** The installation's key of that name, drawn by whichever node asks first; every node reads the same. */
export async function serverKey(db: PgDb, name: string): Promise<Buffer> {
  await db
    .insert(serverKeys)
    .values({ name, value: randomBytes(32).toString("base64url") })
    .onConflictDoNothing();
  const [row] = await db.select({ value: serverKeys.value }).from(serverKeys).where(eq(serverKeys.name, name));
  return Buffer.from(row.value, "base64url");
}

const JOURNAL = join(import.meta.dirname, "../../../migrations-pg/meta/_journal.json");

/** How many of the shipped PostgreSQL migrations drizzle recorded as applied (schema `drizzle`). */
export async function migrationState(db: PgDb): Promise<MigrationState> {
  const journal = JSON.parse(readFileSync(JOURNAL, "utf8")) as { entries: { when: number }[] };
  const newest = journal.entries.at(-1)?.when ?? 0;
  const { rows } = await db.execute<{ applied: string; last: string | null }>(
    sql`SELECT count(*) AS applied, max(created_at) AS last FROM drizzle.__drizzle_migrations`,
  );
  const row = rows[0];
  return { applied: Number(row.applied), expected: journal.entries.length, latest: Number(row.last ?? 0) >= newest };
}
