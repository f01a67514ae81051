import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { getTableConfig } from "drizzle-orm/pg-core";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { closePostgres, openPostgres } from "../../src/db/pg/client.js";
import * as pgSchema from "../../src/db/pg/schema.js";
import { answersJson } from "../../src/storage/answers-json.js";
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

  it("0004 carries every answer over into one JSON text per response, written as the application writes it", async () => {
    const url = await server().createDatabase();
    const folder = join(mkdtempSync(join(tmpdir(), "pg-answers-")), "migrations");
    cpSync("migrations-pg", folder, { recursive: true });
    const journalPath = join(folder, "meta/_journal.json");
    const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
    journal.entries = journal.entries.slice(
      0,
      journal.entries.findIndex((e) => e.tag === "0004_response_answers_json"),
    );
    expect(journal.entries.length).toBe(4);
    writeFileSync(journalPath, JSON.stringify(journal));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const text = 'Sportello "unico"\\ grazie\nè\t\u0001 ok';
    try {
      await migrate(drizzle({ client }), { migrationsFolder: folder });
      const response =
        "INSERT INTO responses (id, survey_id, survey_version, channel, lang, submitted_at) VALUES ($1, 'prova', 1, 'web', 'it', $2)";
      await client.query(response, ["r1", "2026-11-01T10:00:00.000Z"]);
      await client.query(response, ["r2", "2026-11-02T10:00:00.000Z"]);
      for (const [key, value] of [
        ["volte/anagrafe", "3"],
        ["Zeta", "maiuscola prima"],
        ["eta", "30_44"],
        ["commento", text],
      ])
        await client.query("INSERT INTO answers (response_id, key, value) VALUES ('r1', $1, $2)", [key, value]);
    } finally {
      await client.end();
    }
    const db = await openPostgres(url, { max: 1 });
    try {
      const { rows } = await db.$client.query<{ id: string; answers: string }>(
        "SELECT id, answers FROM responses ORDER BY id",
      );
      expect(rows).toEqual([
        {
          id: "r1",
          answers: answersJson({ "volte/anagrafe": "3", Zeta: "maiuscola prima", eta: "30_44", commento: text }),
        },
        { id: "r2", answers: "{}" },
      ]);
      const tables = await db.$client.query(
        "SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = 'answers'",
      );
      expect(tables.rowCount).toBe(0);
    } finally {
      await closePostgres(db);
    }
  });
});
