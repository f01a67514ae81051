import { join } from "node:path";
import type { Express } from "express";
import { publishSurveys } from "../../src/admin/definitions.repository.js";
import { createApp } from "../../src/app.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "../../src/surveys/registry.js";

export const FIXTURE_SURVEYS = join(import.meta.dirname, "../fixtures/surveys");
export const SHIPPED_SURVEYS = join(import.meta.dirname, "../../surveys");
export const SHIPPED_MARGINS = join(import.meta.dirname, "../../reports/margins/limbiate.csv");
export const TEST_CONFIG = { comuneName: "Comune di Prova", trustProxy: undefined, marginsFile: SHIPPED_MARGINS };

export interface TestApp {
  app: Express;
  db: Database;
  registry: SurveyRegistry;
}

/** The real app on a fresh in-memory SQLite with the migrations applied and the surveys of `dir` published. */
export function createTestApp(dir: string = FIXTURE_SURVEYS, dbPath = ":memory:"): TestApp {
  const db = openDatabase(dbPath);
  const surveys = [...loadDefinitions(dir).surveys.values()];
  publishSurveys(db, surveys);
  const registry = createRegistry(surveys);
  const app = createApp({ db, registry, config: TEST_CONFIG });
  return { app, db, registry };
}
