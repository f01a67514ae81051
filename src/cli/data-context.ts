import type { Config } from "../config.js";
import { openDatabase, type Database } from "../db/client.js";
import { publishSurveys, readPublishedSurveys } from "../storage/sqlite-surveys.js";
import { loadDefinitions } from "../surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "../surveys/registry.js";

/** The database and every published survey version, exactly as the server sees them at start. */
export function openWithSurveys(config: Config): { db: Database; registry: SurveyRegistry } {
  const files = [...loadDefinitions(config.surveysDir).surveys.values()];
  const db = openDatabase(config.databasePath);
  publishSurveys(db, files);
  return { db, registry: createRegistry([...readPublishedSurveys(db), ...files]) };
}
