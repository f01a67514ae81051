import { getTableConfig } from "drizzle-orm/pg-core";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { closePostgres, openPostgres } from "../../src/db/pg/client.js";
import * as pgSchema from "../../src/db/pg/schema.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";

const server = usePostgres();
const tables = Object.values(pgSchema)
  .filter((v) => typeof v === "object" && v !== null && "getSQL" in v)
  .map((t) => getTableConfig(t as never));

describe.skipIf(!HAS_POSTGRES)("PostgreSQL migrations (migrations-pg/) on a real server", () => {
  it("create every table and column of the pg-core schema, with its keys and indexes", async () => {
    const url = await server().createDatabase();
    await closePostgres(await openPostgres(url));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const columns = await client.query<{
        table_name: string;
        column_name: string;
        is_nullable: string;
        data_type: string;
      }>(
        "SELECT table_name, column_name, is_nullable, data_type FROM information_schema.columns WHERE table_schema = 'public'",
      );
      const indexes = await client.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'",
      );
      const indexNames = new Set(indexes.rows.map((r) => r.indexname));
      for (const table of tables) {
        const live = columns.rows.filter((c) => c.table_name === table.name);
        expect({ table: table.name, columns: live.map((c) => c.column_name).sort() }).toEqual({
          table: table.name,
          columns: table.columns.map((c) => c.name).sort(),
        });
        for (const column of table.columns) {
          const row = live.find((c) => c.column_name === column.name)!;
          expect(row.is_nullable === "NO", `${table.name}.${column.name}`).toBe(column.notNull);
        }
        for (const index of table.indexes) expect(indexNames).toContain(index.config.name);
      }
      expect(new Set(columns.rows.map((c) => c.table_name)).size).toBe(tables.length);
    } finally {
      await client.end();
    }
  });

  it("can be applied by two nodes starting together, and again at the next start, without error", async () => {
    const url = await server().createDatabase();
    const [a, b] = await Promise.all([openPostgres(url, { max: 2 }), openPostgres(url, { max: 2 })]);
    await Promise.all([closePostgres(a), closePostgres(b)]);
    const again = await openPostgres(url, { max: 1 });
    const applied = await again.$client.query("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations");
    await closePostgres(again);
    expect(applied.rows[0].n).toBeGreaterThan(0);
  });
});
