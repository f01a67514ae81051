import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import type { Db } from "./client.js";

const JOURNAL = join(import.meta.dirname, "../../migrations/meta/_journal.json");

export interface MigrationState {
  applied: number;
  expected: number;
  latest: boolean;
}

/** Answers `SELECT 1`: the file is open and readable. Throws when it is not. */
export function pingDatabase(db: Db): void {
  db.get(sql`SELECT 1`);
}

/** How many of the shipped migrations the database has, and whether the newest one is among them. */
export function readMigrationState(db: Db): MigrationState {
  const journal = JSON.parse(readFileSync(JOURNAL, "utf8")) as { entries: { when: number }[] };
  const expected = journal.entries.length;
  const newest = journal.entries.at(-1)?.when ?? 0;
  const row = db.get<{ applied: number; last: number | null }>(
    sql`SELECT count(*) AS applied, max(created_at) AS last FROM __drizzle_migrations`,
  );
  return { applied: row.applied, expected, latest: Number(row.last ?? 0) >= newest };
}
