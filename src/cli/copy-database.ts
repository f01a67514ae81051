import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Config } from "../config.js";
import { openDatabase } from "../db/client.js";
import { closePostgres, openPostgres } from "../db/pg/client.js";
import { copySqliteToPostgres, CopyRefused } from "../storage/copy.js";
import { COPY_DATABASE_USAGE } from "./usage.js";

/**
 * Moving house: copies the SQLite installation (DATABASE_PATH, or --from) into an empty PostgreSQL
 * database, in one transaction, and checks rows and checksums of every table before committing.
 * The SQLite file is left as it is (only brought to the latest migration, as at every start).
 */
export async function copyDatabaseCommand(args: string[], config: Pick<Config, "databasePath">): Promise<number> {
  const { values } = parseArgs({ args, options: { to: { type: "string" }, from: { type: "string" } } });
  if (!values.to || !/^postgres(ql)?:\/\//.test(values.to)) {
    console.error(
      `Uso: npm run cli -- ${COPY_DATABASE_USAGE}\nIndichi con --to l'indirizzo del database PostgreSQL di destinazione (vuoto).`,
    );
    return 2;
  }
  const from = values.from ?? config.databasePath;
  if (from === ":memory:" || !existsSync(from)) {
    console.error(`Il database SQLite ${from} non esiste: non c'è nulla da copiare.`);
    return 2;
  }
  const source = openDatabase(from);
  let target;
  try {
    target = await openPostgres(values.to, { max: 2 });
  } catch (error) {
    source.$client.close();
    console.error(`Non riesco a collegarmi a PostgreSQL: ${(error as Error).message}`);
    return 1;
  }
  try {
    const checks = await copySqliteToPostgres(source, target, (table, rows) =>
      console.error(`copiata ${table}: ${rows} righe`),
    );
    console.log("tabella\trighe\tchecksum (SHA-256, somma delle righe)");
    for (const c of checks) console.log(`${c.table}\t${c.postgres.rows}\t${c.postgres.checksum}`);
    console.log(
      `Copia completata e verificata: ${checks.length} tabelle, righe e checksum uguali in SQLite e in PostgreSQL.`,
    );
    return 0;
  } catch (error) {
    if (error instanceof CopyRefused) {
      console.error(error.message);
      return 1;
    }
    console.error(`Copia non riuscita, nulla è stato scritto in PostgreSQL: ${(error as Error).message}`);
    return 1;
  } finally {
    source.$client.close();
    await closePostgres(target);
  }
}
