import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { closePostgres, openPostgres, type PgDatabase } from "../../src/db/pg/client.js";
import { runReportJobFrom } from "../../src/report/job.js";
import { reportJobFor } from "../../src/report/load.js";
import { createReportServiceOn, type ReportService } from "../../src/report/service.js";
import { saveStoredMargins } from "../../src/storage/sqlite-report-settings.js";
import type { ReportFilters } from "../../src/report/types.js";
import { copySqliteToPostgres } from "../../src/storage/copy.js";
import { createPostgresStorage } from "../../src/storage/postgres/index.js";
import { createPostgresReportInputs } from "../../src/storage/postgres/report-inputs.js";
import { postgresReportSource } from "../../src/storage/postgres/report-source.js";
import { createSqliteReportInputs, runReportJob } from "../../src/storage/sqlite-report-inputs.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "../../src/surveys/registry.js";
import { SHIPPED_MARGINS, SHIPPED_SURVEYS } from "../helpers/app.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";
import { storeDemoResponses, tempDatabasePath } from "../helpers/report-service.js";
import { syntheticSample } from "./fixtures.js";

/**
 * The report JSON for a fixed seed is identical on SQLite and PostgreSQL for the same data: the demo's
 * responses on SQLite, copied to PostgreSQL with copy-database, the report built from each.
 */
const server = usePostgres();
const NOW = new Date("2026-11-30T10:00:00.000Z");
const WHOLE: ReportFilters = { groups: {} };
const FILTERED: ReportFilters = { groups: { eta: "65_74" } };
const SURVEYS = { surveyId: "cittadini", staffSurveyId: "personale" };
let sqlite: Database;
let pgUrl: string;
let postgres: PgDatabase;
let registry: SurveyRegistry;

describe.skipIf(!HAS_POSTGRES)("the report on SQLite and on PostgreSQL", () => {
  beforeAll(async () => {
    sqlite = openDatabase(tempDatabasePath());
    const surveys = [...loadDefinitions(SHIPPED_SURVEYS).surveys.values()];
    publishSurveys(sqlite, surveys);
    registry = createRegistry(surveys);
    // The demo generator's town, with the report settings (fewer replicates, the seed) stored.
    storeDemoResponses(sqlite, registry, 240, 30, 13);
    pgUrl = await server().createDatabase();
    postgres = await openPostgres(pgUrl, { max: 3 });
    expect((await copySqliteToPostgres(sqlite, postgres)).every((c) => c.same)).toBe(true);
  }, 240_000);
  afterAll(async () => {
    sqlite?.$client.close();
    if (postgres) await closePostgres(postgres);
  });

  it("reads the same inputs from both engines, in the same order, also in small keyset chunks", async () => {
    const fromSqlite = await createSqliteReportInputs(sqlite).read(SURVEYS);
    expect(fromSqlite.citizens).toHaveLength(240);
    expect(fromSqlite.staff).toHaveLength(30);
    for (const chunk of [2000, 7]) {
      const fromPostgres = await createPostgresReportInputs(postgres, { chunk }).read(SURVEYS);
      expect(fromPostgres.settings).toEqual(fromSqlite.settings);
      expect(fromPostgres.storedMargins).toEqual(fromSqlite.storedMargins);
      // As strings: the order of the responses and of each response's answers counts.
      expect(JSON.stringify(fromPostgres.citizens)).toBe(JSON.stringify(fromSqlite.citizens));
      expect(JSON.stringify(fromPostgres.staff)).toBe(JSON.stringify(fromSqlite.staff));
    }
  });

  it("builds byte for byte the same report JSON, whole and filtered", async () => {
    const reader = createPostgresReportInputs(postgres);
    for (const filters of [WHOLE, FILTERED]) {
      const job = reportJobFor(registry, "cittadini", { marginsFile: SHIPPED_MARGINS, filters, now: NOW });
      const onSqlite = JSON.stringify(runReportJob(sqlite, job).report);
      expect(JSON.parse(onSqlite).filters).toEqual(filters);
      expect(JSON.stringify((await runReportJobFrom(reader, job)).report)).toBe(onSqlite);
    }
  }, 120_000);

  it("serves the same report from the PostgreSQL worker, and rebuilds when a response arrives on PostgreSQL", async () => {
    const reports: ReportService = createReportServiceOn(postgresReportSource(postgres, pgUrl), registry, {
      marginsFile: SHIPPED_MARGINS,
      now: () => NOW,
      waitMs: 0,
      debounceMs: 0,
    });
    const fresh = async (filters: ReportFilters): Promise<string> => {
      await reports.view("cittadini", filters);
      await reports.idle();
      const view = await reports.view("cittadini", filters);
      if (view.status !== "fresh") throw new Error(`expected a fresh report, got ${view.status}`);
      return JSON.stringify(view.report);
    };
    try {
      const job = reportJobFor(registry, "cittadini", { marginsFile: SHIPPED_MARGINS, filters: FILTERED, now: NOW });
      expect(await fresh(FILTERED)).toBe(JSON.stringify(runReportJob(sqlite, job).report));
      expect(reports.buildCount()).toBe(1);

      const [newcomer] = syntheticSample(1, 0, 99).citizens;
      await createPostgresStorage(postgres).responses.insert({ ...newcomer, id: "nuova-risposta-pg" });
      expect((await reports.view("cittadini", FILTERED)).status).toBe("updating");
      await reports.idle();
      expect((await reports.view("cittadini", FILTERED)).status).toBe("fresh");
      expect(reports.buildCount()).toBe(2);
    } finally {
      await reports.close();
    }
  }, 180_000);

  it("shares builds between two app nodes: one builds a view, the other serves it; racing nodes build it once", async () => {
    const node = (): ReportService =>
      createReportServiceOn(postgresReportSource(postgres, pgUrl), registry, {
        marginsFile: SHIPPED_MARGINS,
        now: () => NOW,
        waitMs: 0,
        debounceMs: 0,
      });
    const [a, b] = [node(), node()];
    const json = async (reports: ReportService): Promise<string> => {
      const view = await reports.view("cittadini", WHOLE);
      if (view.status !== "fresh") throw new Error(`expected a fresh report, got ${view.status}`);
      return JSON.stringify(view.report);
    };
    try {
      expect((await a.view("cittadini", WHOLE)).status).toBe("preparing");
      await a.idle();
      const built = await json(a);
      // Node B has never built: it serves node A's report, the same JSON, fresh at the first view.
      expect(await json(b)).toBe(built);
      expect([a.buildCount(), b.buildCount()]).toEqual([1, 0]);

      // New data, both nodes asked at once: one builds, the other takes its result.
      const [newcomer] = syntheticSample(1, 0, 97).citizens;
      await createPostgresStorage(postgres).responses.insert({ ...newcomer, id: "risposta-due-nodi" });
      await Promise.all([a.view("cittadini", WHOLE), b.view("cittadini", WHOLE)]);
      await Promise.all([a.idle(), b.idle()]);
      // The node that lost the race serves the winner's result at its next view.
      const [onA, onB] = [await json(a), await json(b)];
      expect(onA).toBe(onB);
      expect(onA).not.toBe(built);
      expect(a.buildCount() + b.buildCount()).toBe(2);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 180_000);

  it("reads uploaded margins from PostgreSQL as from SQLite", async () => {
    const margins = {
      surveyId: "cittadini",
      name: "limbiate-caricati.csv",
      csv: readFileSync(SHIPPED_MARGINS, "utf8"),
      illustrative: false,
      source: "ISTAT, censimento permanente (prova)",
      uploadedAt: "2026-11-29T08:00:00.000Z",
      uploadedBy: "admin",
    };
    const path = tempDatabasePath();
    await sqlite.$client.backup(path);
    const copy = openDatabase(path);
    const url = await server().createDatabase();
    const target = await openPostgres(url, { max: 2 });
    try {
      saveStoredMargins(copy, margins);
      await copySqliteToPostgres(copy, target);
      const job = reportJobFor(registry, "cittadini", { marginsFile: SHIPPED_MARGINS, now: NOW });
      const onSqlite = runReportJob(copy, job).report;
      expect(onSqlite.margins).toEqual({ file: margins.name, illustrative: false, source: margins.source });
      const onPostgres = (await runReportJobFrom(createPostgresReportInputs(target), job)).report;
      expect(JSON.stringify(onPostgres)).toBe(JSON.stringify(onSqlite));
    } finally {
      copy.$client.close();
      await closePostgres(target);
    }
  }, 120_000);

  it("sees on PostgreSQL a response erased and another stored, the count unchanged", async () => {
    const reader = createPostgresReportInputs(postgres);
    const before = (await reader.state(SURVEYS)).fingerprint;
    const { rows } = await postgres.execute<{ id: string }>(
      sql`SELECT id FROM responses WHERE survey_id = 'cittadini' ORDER BY id LIMIT 1`,
    );
    await postgres.execute(sql`DELETE FROM responses WHERE id = ${rows[0].id}`);
    const [another] = syntheticSample(1, 0, 98).citizens;
    await createPostgresStorage(postgres).responses.insert({ ...another, id: "altra-risposta-pg" });
    const after = (await reader.state(SURVEYS)).fingerprint;
    expect(after.split(":")[1]).toBe(before.split(":")[1]);
    expect(after).not.toBe(before);
  });
});
