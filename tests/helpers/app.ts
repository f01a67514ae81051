import { join } from "node:path";
import type { Express } from "express";
import { inject } from "vitest";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { createApp } from "../../src/app.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "../../src/surveys/registry.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import { createPostgresStorage } from "../../src/storage/postgres/index.js";
import { openPostgres } from "../../src/db/pg/client.js";
import { postgresReportSource } from "../../src/storage/postgres/report-source.js";
import { createReportServiceOn } from "../../src/report/service.js";
import type { Storage } from "../../src/storage/types.js";

export const FIXTURE_SURVEYS = join(import.meta.dirname, "../fixtures/surveys");
export const SHIPPED_SURVEYS = join(import.meta.dirname, "../../surveys");
export const SHIPPED_MARGINS = join(import.meta.dirname, "../../reports/margins/limbiate.csv");
export const TEST_CONFIG = { comuneName: "Comune di Prova", trustProxy: undefined, marginsFile: SHIPPED_MARGINS };

/** The production page assets built once for the run (tests/setup/production-assets.ts). */
export const productionAssets = (): string => inject("assetsDir");

export interface TestApp {
  app: Express;
  db: Database;
  registry: SurveyRegistry;
}

/**
 * The real app on a fresh in-memory SQLite with the migrations applied and the surveys of `dir` published.
 * `assetsDir`: built page assets to serve (the browser tests pass productionAssets()); else the sources.
 */
export function createTestApp(dir: string = FIXTURE_SURVEYS, dbPath = ":memory:", assetsDir?: string): TestApp {
  const db = openDatabase(dbPath);
  const surveys = [...loadDefinitions(dir).surveys.values()];
  publishSurveys(db, surveys);
  const registry = createRegistry(surveys);
  const app = createApp({ db, registry, config: TEST_CONFIG, assetsDir });
  return { app, db, registry };
}

export interface EngineApp {
  app: Express;
  storage: Storage;
  registry: SurveyRegistry;
  /** The SQLite database, on SQLite only (the staff areas still run on it). */
  db?: Database;
  /** The PostgreSQL database's URL, on PostgreSQL only. */
  url?: string;
  close(): Promise<void>;
}

/**
 * The real app on either engine, as `npm start` builds it: on SQLite a fresh in-memory database
 * (with its storage), on PostgreSQL a fresh database of the test server (`url` creates one), the
 * storage only, the limits counting in the database. The surveys of `dir` are published.
 */
export async function createEngineTestApp(
  engine: "sqlite" | "postgres",
  url: () => Promise<string>,
  dir: string = FIXTURE_SURVEYS,
): Promise<EngineApp> {
  const surveys = [...loadDefinitions(dir).surveys.values()];
  const registry = createRegistry(surveys);
  if (engine === "sqlite") {
    const db = openDatabase(":memory:");
    const storage = createSqliteStorage(db);
    await storage.surveys.publish(surveys);
    return {
      app: createApp({ db, storage, registry, config: TEST_CONFIG }),
      storage,
      registry,
      db,
      close: () => storage.close(),
    };
  }
  const database = await url();
  const pg = await openPostgres(database, { max: 4 });
  const storage = createPostgresStorage(pg);
  await storage.surveys.publish(surveys);
  // The report service as the PostgreSQL server runs it: inputs from the pool, builds in a worker thread.
  const reports = createReportServiceOn(postgresReportSource(pg, database), registry, {
    marginsFile: TEST_CONFIG.marginsFile,
  });
  const app = createApp({ storage, registry, config: TEST_CONFIG, counters: storage.counters, reports });
  return {
    app,
    storage,
    registry,
    url: database,
    close: async () => {
      await reports.close();
      await storage.close();
    },
  };
}
