import { existsSync, renameSync, rmSync, statSync } from "node:fs";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import type { Config } from "../config.js";
import { BACKUP_USAGE } from "./usage.js";

/**
 * A consistent copy of the database while the app keeps serving: SQLite's online backup API
 * copies the pages of one snapshot (WAL lets the server write meanwhile; a write during the
 * copy makes SQLite restart it from a fresh snapshot). The copy is written beside the target
 * and renamed at the end, so a half-written file never has the target's name; it is then
 * opened and checked (PRAGMA integrity_check) before we say it is good. On PostgreSQL it says how
 * to use pg_dump instead, and exits 2.
 */
export async function backupCommand(
  args: string[],
  config: Pick<Config, "databasePath" | "databaseUrl">,
  today = new Date(),
): Promise<number> {
  if (config.databaseUrl) {
    console.error(postgresBackupAdvice(today));
    return 2;
  }
  const { values } = parseArgs({ args, options: { out: { type: "string" } } });
  if (!values.out) {
    console.error(`Uso: npm run cli -- ${BACKUP_USAGE}`);
    return 2;
  }
  if (!existsSync(config.databasePath)) {
    console.error(`Il database ${config.databasePath} non esiste.`);
    return 2;
  }
  if (existsSync(values.out)) {
    console.error(`${values.out} esiste già: scelga un altro nome (una copia non ne sovrascrive un'altra).`);
    return 2;
  }
  const partial = `${values.out}.parziale`;
  rmSync(partial, { force: true });
  // Not openDatabase: the copy must not migrate or otherwise touch the database the server owns.
  const source = new SQLite(config.databasePath, { fileMustExist: true });
  try {
    source.pragma("busy_timeout = 5000");
    await source.backup(partial);
  } finally {
    source.close();
  }
  const copy = new SQLite(partial, { fileMustExist: true });
  let check: string;
  try {
    // The copy is a file of its own: no WAL beside it, so copying it elsewhere is one file.
    copy.pragma("journal_mode = DELETE");
    check = String(copy.pragma("integrity_check", { simple: true }));
  } finally {
    copy.close();
  }
  if (check !== "ok") {
    console.error(`La copia non supera il controllo di integrità (${check}): non è stata conservata.`);
    rmSync(partial, { force: true });
    return 1;
  }
  renameSync(partial, values.out);
  console.error(
    `Copia scritta in ${values.out} (${Math.round(statSync(values.out).size / 1024)} kB); controllo di integrità: ok.`,
  );
  return 0;
}

/**
 * With DATABASE_URL set there is no SQLite file to copy: PostgreSQL's own pg_dump reads one consistent
 * snapshot while the app keeps serving. The advice names the variable, never its value (it may hold a password).
 */
export function postgresBackupAdvice(today: Date): string {
  const file = `sportello-${today.toISOString().slice(0, 10)}.dump`;
  return [
    "DATABASE_URL è impostata, quindi il database è PostgreSQL: il comando backup copia soltanto un database SQLite.",
    "Su PostgreSQL la copia si fa con pg_dump, che legge un'istantanea coerente mentre il server resta in funzione; per esempio:",
    "",
    `    pg_dump --format=custom --file=${file} "$DATABASE_URL"`,
    "",
    "Per ripristinarla, se servisse, si usa pg_restore (attenzione: sostituisce i dati presenti nel database indicato):",
    "",
    `    pg_restore --clean --if-exists --dbname="$DATABASE_URL" ${file}`,
    "",
    "La copia contiene tutte le risposte: va conservata con la stessa cura del database.",
    "Maggiori dettagli (archiviazione continua, ripristino) in docs/postgresql.md, sezione «Backups on PostgreSQL».",
  ].join("\n");
}
