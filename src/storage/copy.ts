import { getTableColumns, sql, type Column, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Database } from "../db/client.js";
import type { PgDatabase, PgDb } from "../db/pg/client.js";
import { TableChecksum } from "./checksum.js";
import { tablePairs, type TablePair } from "./tables.js";

type Row = Record<string, unknown>;

export interface TableCheck {
  table: string;
  sqlite: { rows: number; checksum: string };
  postgres: { rows: number; checksum: string };
  same: boolean;
}

/** Rows read per query on either side: memory stays bounded whatever the size of a table. */
const READ_CHUNK = 2000;
/** PostgreSQL takes at most 65,535 parameters per statement. */
const MAX_PARAMETERS = 30_000;

export class CopyRefused extends Error {}

/** Keyset pagination on the primary key: `(k1, k2) > (v1, v2)`, valid in SQLite and PostgreSQL alike. */
function after(keyColumns: Column[], last: Row | undefined, keys: string[]): SQL | undefined {
  if (!last) return undefined;
  return sql`(${sql.join(keyColumns, sql`, `)}) > (${sql.join(
    keys.map((k) => sql`${last[k]}`),
    sql`, `,
  )})`;
}

function* readSqlite(db: Database, pair: TablePair): Generator<Row[]> {
  const columns = getTableColumns(pair.sqlite) as Record<string, SQLiteColumn>;
  const keyColumns = pair.key.map((k) => columns[k]);
  let last: Row | undefined;
  for (;;) {
    const rows = db
      .select()
      .from(pair.sqlite)
      .where(after(keyColumns, last, pair.key))
      .orderBy(...keyColumns)
      .limit(READ_CHUNK)
      .all() as Row[];
    if (rows.length) yield rows;
    if (rows.length < READ_CHUNK) return;
    last = rows[rows.length - 1];
  }
}

async function* readPostgres(db: PgDb, pair: TablePair): AsyncGenerator<Row[]> {
  const columns = getTableColumns(pair.pg) as Record<string, PgColumn>;
  const keyColumns = pair.key.map((k) => columns[k]);
  let last: Row | undefined;
  for (;;) {
    const rows = (await db
      .select()
      .from(pair.pg)
      .where(after(keyColumns, last, pair.key))
      .orderBy(...keyColumns)
      .limit(READ_CHUNK)) as Row[];
    if (rows.length) yield rows;
    if (rows.length < READ_CHUNK) return;
    last = rows[rows.length - 1];
  }
}

/** Counts and checksums every table on both sides (docs/postgresql.md, «Trasloco»). */
export async function compareDatabases(source: Database, target: PgDb): Promise<TableCheck[]> {
  const checks: TableCheck[] = [];
  for (const pair of tablePairs()) {
    const left = new TableChecksum();
    for (const rows of readSqlite(source, pair)) rows.forEach((r) => left.add(r));
    const right = new TableChecksum();
    for await (const rows of readPostgres(target, pair)) rows.forEach((r) => right.add(r));
    checks.push({
      table: pair.name,
      sqlite: { rows: left.rows, checksum: left.hex() },
      postgres: { rows: right.rows, checksum: right.hex() },
      same: left.rows === right.rows && left.hex() === right.hex(),
    });
  }
  return checks;
}

async function countRows(db: PgDb, table: string): Promise<number> {
  const result = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`);
  return result.rows[0].n;
}

/**
 * Copies every table of an SQLite installation into an empty PostgreSQL database (migrated to the
 * same schema) in ONE PostgreSQL transaction, reading one SQLite snapshot; then, still inside that
 * transaction, compares row counts and checksums table by table. Any difference (or error) rolls
 * the whole copy back: the target is left as empty as it was. Ids are kept, and the identity
 * sequences moved past them, so new rows on PostgreSQL get new ids.
 */
export async function copySqliteToPostgres(
  source: Database,
  target: PgDatabase,
  onTable: (table: string, rows: number) => void = () => {},
): Promise<TableCheck[]> {
  const pairs = tablePairs();
  const client = source.$client;
  // One read transaction: every table is read from the same snapshot, even if the server still writes.
  client.prepare("BEGIN").run();
  try {
    return await target.transaction(async (tx) => {
      for (const pair of pairs) {
        const n = await countRows(tx, pair.name);
        if (n > 0)
          throw new CopyRefused(
            `Il database PostgreSQL di destinazione non è vuoto (la tabella ${pair.name} ha ${n} righe): la copia si fa soltanto in un database nuovo.`,
          );
      }
      for (const pair of pairs) {
        const perInsert = Math.max(1, Math.floor(MAX_PARAMETERS / pair.columns.length));
        let copied = 0;
        try {
          for (const rows of readSqlite(source, pair)) {
            for (let i = 0; i < rows.length; i += perInsert)
              await tx.insert(pair.pg).values(rows.slice(i, i + perInsert));
            copied += rows.length;
          }
        } catch (error) {
          // PostgreSQL's own reason, without the failed statement's parameters (they may be answers).
          const reason = ((error as { cause?: Error }).cause ?? (error as Error)).message;
          throw new Error(`tabella ${pair.name}: ${reason}`);
        }
        for (const column of pair.identity) {
          // Names as identifiers, the table's name for pg_get_serial_sequence as a bound text value.
          const table = sql.identifier(pair.name);
          await tx.execute(
            sql`SELECT setval(pg_get_serial_sequence(${`"${pair.name}"`}, ${column}), COALESCE((SELECT max(${sql.identifier(column)}) FROM ${table}), 0) + 1, false)`,
          );
        }
        onTable(pair.name, copied);
      }
      const checks = await compareDatabases(source, tx);
      const different = checks.filter((c) => !c.same).map((c) => c.table);
      if (different.length)
        throw new CopyRefused(
          `La verifica non torna per: ${different.join(", ")}. Nulla è stato scritto in PostgreSQL.`,
        );
      return checks;
    });
  } finally {
    client.prepare("COMMIT").run();
  }
}
