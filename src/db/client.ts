import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import SQLite from "better-sqlite3";
import type { RunResult } from "better-sqlite3";
import { sql } from "drizzle-orm";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import * as schema from "./schema.js";

/** What repositories take: the database or a transaction on it. */
export type Db = BaseSQLiteDatabase<"sync", RunResult, typeof schema>;
/** The open database, with the raw connection for pragmas, backups and closing. */
export type Database = BetterSQLite3Database<typeof schema> & { $client: SQLite.Database };

const MIGRATIONS = join(import.meta.dirname, "../../migrations");

/**
 * Opens the database and brings it to the latest migration.
 * WAL lets readers (reports) run beside the writer; synchronous=FULL makes a commit
 * durable before the respondent sees "thank you", even if the machine loses power.
 */
export function openDatabase(path: string): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new SQLite(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // Deleted and overwritten content is zeroed on disk, not left in free pages (a cleared access-code
  // hash, an erased response): a copy of the file holds only what the tables hold.
  sqlite.pragma("secure_delete = ON");
  const db = drizzle({ client: sqlite, schema });
  migrate(db, { migrationsFolder: MIGRATIONS });
  return db;
}

/**
 * A second, read-only connection to the same file, for a report worker: it can never write, and in
 * WAL mode it reads a consistent snapshot while the server keeps committing.
 */
export function openReadOnlyDatabase(path: string): Database {
  const sqlite = new SQLite(path, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  // Deleted and overwritten content is zeroed on disk, not left in free pages (a cleared access-code
  // hash, an erased response): a copy of the file holds only what the tables hold.
  sqlite.pragma("secure_delete = ON");
  return drizzle({ client: sqlite, schema });
}

/** The file behind a database handle, or null for an in-memory one (which no other connection can open). */
export function databaseFileOf(db: unknown): string | null {
  const client = (db as { $client?: { name?: unknown; memory?: unknown } }).$client;
  if (!client || client.memory || typeof client.name !== "string" || client.name === "" || client.name === ":memory:")
    return null;
  return client.name;
}

/**
 * Copies the WAL into the database and truncates it, so the pages written before a change (e.g. a
 * staff draft still holding its access-code hash) don't linger in the -wal file. Never waits for
 * readers (a report being built): false when some were in the way; the caller may try again later.
 */
export function checkpointWal(db: Db): boolean {
  db.run(sql`PRAGMA busy_timeout = 0`);
  try {
    const [row] = db.all<{ busy: number }>(sql`PRAGMA wal_checkpoint(TRUNCATE)`);
    return !row || row.busy === 0;
  } catch {
    return false;
  } finally {
    db.run(sql`PRAGMA busy_timeout = 5000`);
  }
}

/**
 * The better-sqlite3 connection under a database handle or a transaction on it: for the few hot
 * statements prepared once and reused (drizzle prepares a new statement at every query).
 */
export function rawClient(db: Db): SQLite.Database {
  const handle = db as unknown as { $client?: SQLite.Database; session?: { client?: SQLite.Database } };
  const client = handle.$client ?? handle.session?.client;
  if (!client) throw new Error("rawClient: not a better-sqlite3 database");
  return client;
}

const prepared = new WeakMap<SQLite.Database, Map<string, SQLite.Statement>>();

/** A statement prepared once per connection and reused (SQL only in repositories, as ever). */
export function preparedStatement(db: Db, text: string): SQLite.Statement {
  const client = rawClient(db);
  let statements = prepared.get(client);
  if (!statements) prepared.set(client, (statements = new Map<string, SQLite.Statement>()));
  let statement = statements.get(text);
  if (!statement) statements.set(text, (statement = client.prepare(text)));
  return statement;
}
