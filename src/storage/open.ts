import type { Config } from "../config.js";

/**
 * The server runs on PostgreSQL (the questionnaires; the staff areas answer 503 there), but the
 * CLI's database commands still run on SQLite only (docs/postgresql.md). DATABASE_URL must not
 * half-work: set, it stops those commands with this message rather than silently writing to the
 * SQLite file while the operator believes PostgreSQL is in use.
 */
export function postgresNotYetServed(config: Pick<Config, "databaseUrl">): string | null {
  if (!config.databaseUrl) return null;
  return [
    "DATABASE_URL è impostata, ma questo comando di Sportello non funziona ancora su PostgreSQL:",
    "usa soltanto SQLite (DATABASE_PATH). Tolga DATABASE_URL per usarlo su SQLite.",
    "Per preparare il passaggio (schema, copia dei dati con «npm run cli -- copy-database --to postgres://…»)",
    "e per sapere cosa manca, legga docs/postgresql.md.",
    "DATABASE_URL is set, but this command of Sportello does not run on PostgreSQL yet; see docs/postgresql.md.",
  ].join("\n");
}
