import type { Config } from "../config.js";
import { openDatabase } from "../db/client.js";
import { openPostgresStorage } from "../storage/postgres/index.js";
import { createSqliteStorage } from "../storage/sqlite.js";
import type { Storage } from "../storage/types.js";

/** The database the server uses, behind the storage boundary: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export function openStorage(config: Pick<Config, "databaseUrl" | "databasePath">): Promise<Storage> {
  if (config.databaseUrl) return openPostgresStorage(config.databaseUrl, { max: 1 });
  return Promise.resolve(createSqliteStorage(openDatabase(config.databasePath)));
}
