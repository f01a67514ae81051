import { getTableColumns, getTableName, is, SQL, type Column } from "drizzle-orm";
import { getTableConfig as getPgTableConfig, PgTable } from "drizzle-orm/pg-core";
import { getTableConfig as getSqliteTableConfig, SQLiteTable } from "drizzle-orm/sqlite-core";
import { describe, expect, it } from "vitest";
import * as pgSchema from "../../src/db/pg/schema.js";
import * as sqliteSchema from "../../src/db/schema.js";

/** A column as both engines must agree on it: type family, nullability, keys, default, enum. */
function describeColumn(column: Column): Record<string, unknown> {
  const sqlType = column.getSQLType();
  const family =
    column.columnType === "SQLiteBoolean" || sqlType === "boolean"
      ? "boolean"
      : sqlType === "integer" || sqlType === "bigint"
        ? "integer"
        : sqlType === "blob" || sqlType === "bytea"
          ? "binary"
          : sqlType;
  // SQLite's AUTOINCREMENT and PostgreSQL's identity column are the same promise: a new row gets the next id.
  const autoIncrement =
    (column as { autoIncrement?: boolean }).autoIncrement === true ||
    (column as { generatedIdentity?: unknown }).generatedIdentity !== undefined;
  return {
    family,
    notNull: column.notNull,
    primary: column.primary,
    unique: column.isUnique,
    autoIncrement,
    // drizzle marks SQLite's INTEGER PRIMARY KEY as defaulted (it is the rowid); the one such table (ente)
    // always writes its id, so only a declared default counts.
    hasDefault: column.hasDefault && !autoIncrement && !(column.columnType === "SQLiteInteger" && column.primary),
    // A literal default must be the same literal; an SQL default (a date function) differs by dialect.
    default: is(column.default, SQL) ? "(sql)" : column.default,
    enum: column.enumValues ?? null,
  };
}

type AnyConfig = ReturnType<typeof getPgTableConfig> | ReturnType<typeof getSqliteTableConfig>;

function describeTable(config: AnyConfig): Record<string, unknown> {
  return {
    columns: Object.fromEntries(config.columns.map((c) => [c.name, describeColumn(c)])),
    primaryKeys: config.primaryKeys.map((k) => k.columns.map((c) => c.name)),
    indexes: config.indexes
      .map((i) => ({
        name: i.config.name,
        unique: i.config.unique,
        on: i.config.columns.map((c) => (c as Column).name),
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    foreignKeys: config.foreignKeys.map((fk) => {
      const ref = fk.reference();
      return {
        columns: ref.columns.map((c) => c.name),
        to: ref.foreignColumns.map((c) => `${getTableName(c.table)}.${c.name}`),
        onDelete: fk.onDelete,
      };
    }),
  };
}

const sqliteTables = new Map(
  Object.values(sqliteSchema)
    .filter((v) => is(v, SQLiteTable))
    .map((t) => getSqliteTableConfig(t as SQLiteTable))
    .map((c) => [c.name, c] as const),
);
/**
 * Tables only PostgreSQL has, each with the reason. rate_counters: the rate limits and the sign-in
 * back-off shared between app nodes; SQLite serves one node and keeps them in memory (never on disk).
 */
const PG_ONLY: Record<string, string> = {
  rate_counters: "counters shared between app nodes",
  report_results: "finished reports shared between app nodes (one node builds, every node serves)",
  counter_owners: "which counter hit a draft holds, given back by any app node",
};
const PG_ONLY_EXPORTS = ["rateCounters", "reportResults", "counterOwners"];

const pgTables = new Map(
  Object.values(pgSchema)
    .filter((v) => is(v, PgTable))
    .filter((t) => !(getPgTableConfig(t as PgTable).name in PG_ONLY))
    .map((t) => getPgTableConfig(t as PgTable))
    .map((c) => [c.name, c] as const),
);

describe("the SQLite and PostgreSQL schemas are kept in step", () => {
  it("PostgreSQL-only tables are only those declared here, with their reason", () => {
    const all = Object.values(pgSchema)
      .filter((v) => is(v, PgTable))
      .map((t) => getPgTableConfig(t as PgTable).name);
    expect(all.filter((n) => !sqliteTables.has(n)).sort()).toEqual(Object.keys(PG_ONLY).sort());
    expect(PG_ONLY_EXPORTS.map((k) => getTableName((pgSchema as Record<string, unknown>)[k] as PgTable))).toEqual(
      Object.keys(PG_ONLY),
    );
  });

  it("declare the same tables", () => {
    expect([...pgTables.keys()].sort()).toEqual([...sqliteTables.keys()].sort());
    expect(sqliteTables.size).toBeGreaterThanOrEqual(18);
  });

  it.each([...sqliteTables.keys()])("%s: same columns, types, nullability, defaults, keys and indexes", (name) => {
    const pg = pgTables.get(name);
    expect(pg, `table ${name} missing from src/db/pg/schema.ts`).toBeDefined();
    expect(describeTable(pg!)).toEqual(describeTable(sqliteTables.get(name)!));
  });

  it("export the same table objects under the same names (rows move between engines unchanged)", () => {
    const names = (schema: object, kind: typeof PgTable | typeof SQLiteTable): string[] =>
      Object.entries(schema)
        .filter(([, v]) => is(v, kind))
        .map(([k]) => k)
        .sort();
    expect(names(pgSchema, PgTable).filter((n) => !PG_ONLY_EXPORTS.includes(n))).toEqual(
      names(sqliteSchema, SQLiteTable),
    );
    for (const [key, table] of Object.entries(sqliteSchema)) {
      if (!is(table, SQLiteTable)) continue;
      const twin = (pgSchema as Record<string, unknown>)[key] as PgTable;
      // Same property for the same column: a row object read through one schema is a row object of the other.
      const columns = (t: PgTable | SQLiteTable): Record<string, string> =>
        Object.fromEntries(Object.entries(getTableColumns(t)).map(([k, c]) => [k, c.name]));
      expect(columns(twin)).toEqual(columns(table));
    }
  });
});
