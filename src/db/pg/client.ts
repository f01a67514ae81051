import { join } from "node:path";
import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "./schema.js";

/** What PostgreSQL repositories take: the pool's database handle or a transaction on it. */
export type PgDb = NodePgDatabase<typeof schema>;
/** The open PostgreSQL database, with its pool for closing. */
export type PgDatabase = PgDb & { $client: pg.Pool };

const MIGRATIONS = join(import.meta.dirname, "../../../migrations-pg");
/** Any fixed number: the advisory lock that lets one node at a time run the migrations. */
const MIGRATION_LOCK = 19_0001;

/**
 * Connects to PostgreSQL and brings the database to the latest migration (migrations-pg/).
 * Several app nodes may start together: the migrations run under an advisory lock, so one node
 * applies them and the others find them applied. Durability is PostgreSQL's own: a COMMIT returns
 * only after the WAL is flushed (synchronous_commit on, the default), so a response acknowledged to
 * a citizen survives a crash of the app node and of the database server.
 */
export async function openPostgres(url: string, options: { max?: number } = {}): Promise<PgDatabase> {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10 });
  try {
    await migratePostgres(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return drizzle({ client: pool, schema });
}

async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client, schema }), { migrationsFolder: MIGRATIONS });
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

/** Closes every connection of the pool. */
export async function closePostgres(db: PgDatabase): Promise<void> {
  await db.$client.end();
}
