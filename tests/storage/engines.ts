/**
 * The two engines the storage contract runs on: SQLite (a fresh in-memory database per test) and
 * PostgreSQL (a fresh database per test on the file's test server, tests/helpers/postgres.ts).
 */
import { join } from "node:path";
import { openDatabase } from "../../src/db/client.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import type { Storage } from "../../src/storage/types.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "../../src/surveys/registry.js";
import { HAS_POSTGRES, type TestPostgres } from "../helpers/postgres.js";

export interface Engine {
  name: "sqlite" | "postgres";
  available: boolean;
  open(): Promise<Storage>;
}

export function engines(server: () => TestPostgres): Engine[] {
  return [
    { name: "sqlite", available: true, open: () => Promise.resolve(createSqliteStorage(openDatabase(":memory:"))) },
    {
      name: "postgres",
      available: HAS_POSTGRES,
      open: async () => openPostgresStorage(await server().createDatabase(), { max: 4 }),
    },
  ];
}

export function fixtureRegistry(): SurveyRegistry {
  return createRegistry(loadDefinitions(join(import.meta.dirname, "../fixtures/surveys")).surveys.values());
}

/** A complete citizen questionnaire of the fixture survey `prova`. */
export const CITIZEN_ANSWERS = {
  eta: "18_44",
  quartiere: "centro",
  figli: "0",
  usati: "imu",
  "soddisfazione/imu": "1",
  classifica: "imu cie",
  orari: "nessuna",
};
/** A complete staff questionnaire of `personale_prova` (access by code). */
export const STAFF_ANSWERS = { area: "tributi", "gravita/tari": "4", "gravita/imu": "2" };
