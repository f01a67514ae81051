import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareDemo } from "../../src/cli/demo-setup.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { closePostgres, openPostgres } from "../../src/db/pg/client.js";
import * as pgSchema from "../../src/db/pg/schema.js";
import * as s from "../../src/db/schema.js";
import { createAccessCodes } from "../../src/storage/sqlite-access-codes.js";
import { createDraft } from "../../src/storage/sqlite-drafts.js";
import { compareDatabases, copySqliteToPostgres } from "../../src/storage/copy.js";
import { createPostgresStorage } from "../../src/storage/postgres/index.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import { tablePairs } from "../../src/storage/tables.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";

const ROOT = join(import.meta.dirname, "../..");
const server = usePostgres();
let dir: string;
let dbPath: string;

/** Rows for every table the demo leaves empty, with the awkward values a copy can get wrong. */
function fillEveryTable(db: Database): void {
  const at = "2026-11-30T09:00:00.000Z";
  createAccessCodes(db, "personale", 3);
  createDraft(db, { surveyId: "cittadini", surveyVersion: 1, lang: "it", channel: "web", codeHash: null, days: 30 });
  db.insert(s.feedback)
    .values({ surveyId: "cittadini", rating: 4, aspects: "chiarezza", comment: "Tutto chiaro, «grazie»" })
    .run();
  db.insert(s.sessions).values({ idHash: "h1", userId: 1, csrfToken: "c", createdAt: at, expiresAt: at }).run();
  db.insert(s.setupTokens).values({ tokenHash: "t1", role: "giunta", expiresAt: at, used: true }).run();
  db.insert(s.surveyDrafts).values({ surveyId: "nuovo", json: "{}", updatedAt: at, updatedBy: "admin" }).run();
  db.insert(s.surveySettings)
    .values({
      surveyId: "cittadini",
      status: "open",
      opensAt: null,
      closesAt: "2026-12-31",
      draftDays: 10,
      updatedAt: at,
    })
    .run();
  db.insert(s.paperEntries)
    .values({
      id: "p1",
      surveyId: "cittadini",
      surveyVersion: 1,
      answers: '{"eta":"18_34"}',
      enteredBy: "operatore",
      createdAt: at,
    })
    .run();
  db.insert(s.reportMargins)
    .values({
      surveyId: "cittadini",
      name: "m.csv",
      csv: "variable,category,population\n",
      illustrative: false,
      source: "ISTAT",
      uploadedAt: at,
      uploadedBy: "admin",
    })
    .run();
  db.insert(s.reportSettings).values({ surveyId: "cittadini", json: "{}", updatedAt: at, updatedBy: "admin" }).run();
  db.insert(s.serverKeys)
    .values({ name: "pending", value: "k".repeat(43) })
    .run();
  db.insert(s.ente)
    .values({
      id: 1,
      json: '{"nome":"Comune di Prova"}',
      example: false,
      stemma: Buffer.from([0, 1, 2, 255, 0x89, 0x50]),
      stemmaType: "image/png",
      updatedAt: at,
      updatedBy: "admin",
    })
    .run();
  db.insert(s.reportPublications)
    .values({ surveyId: "cittadini", reportJson: '{"a":1}', publishedAt: at, publishedBy: "giunta" })
    .run();
  db.insert(s.apiTokens)
    .values({
      tokenHash: "a1",
      name: "Open data",
      surveyId: "cittadini",
      scope: "aggregates",
      createdAt: at,
      createdBy: "admin",
    })
    .run();
}

/** Every row of a table, made comparable (binary as base64) and sorted: an oracle independent of the checksum code. */
function canonicalRows(rows: Record<string, unknown>[]): string[] {
  return rows
    .map((r) => JSON.stringify(Object.entries(r).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString("base64") : v])))
    .sort();
}

function runCli(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PATH: dbPath, LOG_LEVEL: "silent", ...env },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

// Each test starts the CLI under tsx once or twice, and each run copies the whole demo: two runs took
// over 30 s (the default limit) while a second copy of the suite ran on the same 2 cores.
describe.skipIf(!HAS_POSTGRES)(
  "copy-database: an SQLite installation moves to PostgreSQL",
  { timeout: 180_000 },
  () => {
    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), "sportello-copy-"));
      dbPath = join(dir, "sportello.db");
      await prepareDemo(loadConfig({ DATABASE_PATH: dbPath, LOG_LEVEL: "silent" }), { citizens: 60, staff: 10 });
      const db = openDatabase(dbPath);
      fillEveryTable(db);
      db.$client.close();
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it("copies every table of the demo data with the CLI, row for row, and verifies counts and checksums", async () => {
      const url = await server().createDatabase();
      const cli = runCli(["copy-database", "--to", url]);
      expect(cli.stderr).not.toMatch(/non riuscita/);
      expect(cli.status).toBe(0);
      expect(cli.stdout).toMatch(/Copia completata e verificata: 18 tabelle/);
      const source = openDatabase(dbPath);
      const target = await openPostgres(url, { max: 2 });
      try {
        for (const pair of tablePairs()) {
          const left: Record<string, unknown>[] = source.select().from(pair.sqlite).all();
          const right: Record<string, unknown>[] = await target.select().from(pair.pg);
          expect({ table: pair.name, hasRows: left.length > 0 }).toEqual({ table: pair.name, hasRows: true });
          expect({ table: pair.name, rows: canonicalRows(right) }).toEqual({
            table: pair.name,
            rows: canonicalRows(left),
          });
          expect(cli.stdout).toContain(`${pair.name}\t${left.length}\t`);
        }
        expect((await compareDatabases(source, target)).every((c) => c.same)).toBe(true);
        // Read back through the storage boundary, both engines give the same responses in the same order.
        for (const survey of ["cittadini", "personale"]) {
          const fromSqlite = await createSqliteStorage(source).responses.list(survey);
          const fromPostgres = await createPostgresStorage(target).responses.list(survey);
          expect(fromSqlite.length).toBeGreaterThanOrEqual(10);
          expect(fromPostgres).toEqual(fromSqlite);
        }
        // The identity sequences moved past the copied ids: a new account on PostgreSQL gets a new id.
        const [created] = await target
          .insert(pgSchema.users)
          .values({
            username: "nuovo",
            displayName: "Nuovo",
            passwordHash: "x",
            role: "analyst",
            createdAt: "2026-12-01",
          })
          .returning({ id: pgSchema.users.id });
        expect(created.id).toBeGreaterThan(4);
      } finally {
        source.$client.close();
        await closePostgres(target);
      }
    });

    it("refuses a target that is not empty, and leaves it as it was", async () => {
      const url = await server().createDatabase();
      expect(runCli(["copy-database", "--to", url]).status).toBe(0);
      const again = runCli(["copy-database", "--to", url]);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/non è vuoto/);
      const target = await openPostgres(url, { max: 1 });
      const source = openDatabase(dbPath);
      try {
        expect((await compareDatabases(source, target)).every((c) => c.same)).toBe(true);
      } finally {
        source.$client.close();
        await closePostgres(target);
      }
    });

    it("sees a changed, missing or extra row in any table through its checksum", async () => {
      const url = await server().createDatabase();
      const source = openDatabase(dbPath);
      const target = await openPostgres(url, { max: 1 });
      try {
        await copySqliteToPostgres(source, target);
        await target.execute(
          sql`UPDATE responses SET answers = replace(answers, '":"', '": "') WHERE ctid = (SELECT ctid FROM responses LIMIT 1)`,
        );
        await target.execute(sql`DELETE FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)`);
        const checks = await compareDatabases(source, target);
        expect(
          checks
            .filter((c) => !c.same)
            .map((c) => c.table)
            .sort(),
        ).toEqual(["audit_log", "responses"]);
        const changed = checks.find((c) => c.table === "responses")!;
        expect(changed.sqlite.rows).toBe(changed.postgres.rows);
        expect(changed.sqlite.checksum).not.toBe(changed.postgres.checksum);
      } finally {
        source.$client.close();
        await closePostgres(target);
      }
    });

    it("copies all or nothing: a row PostgreSQL cannot take rolls back every table", async () => {
      const url = await server().createDatabase();
      const brokenPath = join(dir, "broken.db");
      const source = openDatabase(dbPath);
      await source.$client.backup(brokenPath);
      source.$client.close();
      const broken = openDatabase(brokenPath);
      // SQLite text may hold a NUL character; PostgreSQL text cannot. The last table in order fails.
      broken
        .insert(s.apiTokens)
        .values({
          tokenHash: "a2",
          name: "nul\u0000",
          surveyId: "x",
          scope: "microdata",
          createdAt: "2026-12-01",
          createdBy: "admin",
        })
        .run();
      broken.$client.close();
      const cli = runCli(["copy-database", "--to", url, "--from", brokenPath]);
      expect(cli.status).toBe(1);
      expect(cli.stderr).toMatch(/nulla è stato scritto/);
      expect(cli.stderr).toMatch(/0x00|\\u0000|invalid byte sequence/);
      const target = await openPostgres(url, { max: 1 });
      try {
        for (const pair of tablePairs()) {
          const [row] = (await target.execute<{ n: number }>(sql.raw(`SELECT count(*)::int AS n FROM "${pair.name}"`)))
            .rows;
          expect({ table: pair.name, rows: row.n }).toEqual({ table: pair.name, rows: 0 });
        }
      } finally {
        await closePostgres(target);
      }
    });
  },
);
