import { getTableColumns, getTableName, is, type Column } from "drizzle-orm";
import { getTableConfig as getPgConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as getSqliteConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import * as pgSchema from "../db/pg/schema.js";
import * as sqliteSchema from "../db/schema.js";

/** One table in both engines: the same export name, SQL name and column properties (tests/storage/schema-parity.test.ts). */
export interface TablePair {
  name: string;
  sqlite: SQLiteTable;
  pg: PgTable;
  /** Property names of the primary key's columns, in key order. */
  key: string[];
  /** Property names of every column. */
  columns: string[];
  /** SQL names of identity columns (PostgreSQL sequences to move past the copied ids). */
  identity: string[];
}

function keyOf(table: SQLiteTable): string[] {
  const config = getSqliteConfig(table);
  const byColumn = new Map(Object.entries(getTableColumns(table)).map(([prop, c]) => [c as Column, prop]));
  const columns = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
  return columns.map((c) => byColumn.get(c as Column)!);
}

/** Every table, parents before children (a response before its answers, a user before their sessions). */
export function tablePairs(): TablePair[] {
  const pairs: TablePair[] = [];
  for (const [exportName, table] of Object.entries(sqliteSchema)) {
    if (!is(table, SQLiteTable)) continue;
    const twin = (pgSchema as Record<string, unknown>)[exportName];
    if (!is(twin, PgTable))
      throw new Error(`La tabella ${getTableName(table)} manca nello schema PostgreSQL (src/db/pg/schema.ts).`);
    pairs.push({
      name: getTableName(table),
      sqlite: table,
      pg: twin,
      key: keyOf(table),
      columns: Object.keys(getTableColumns(table)),
      identity: getPgConfig(twin)
        .columns.filter((c) => (c as { generatedIdentity?: unknown }).generatedIdentity !== undefined)
        .map((c) => c.name),
    });
  }
  const parents = (pair: TablePair): string[] =>
    getSqliteConfig(pair.sqlite).foreignKeys.map((fk) => getTableName(fk.reference().foreignTable));
  const ordered: TablePair[] = [];
  const visit = (pair: TablePair): void => {
    if (ordered.includes(pair)) return;
    for (const parent of parents(pair)) if (parent !== pair.name) visit(pairs.find((p) => p.name === parent)!);
    ordered.push(pair);
  };
  pairs.forEach(visit);
  return ordered;
}
