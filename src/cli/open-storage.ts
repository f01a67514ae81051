import type { Config } from "../config.js";
import { openDatabase } from "../db/client.js";
import { createSqliteStorage } from "../storage/sqlite.js";
import type { Storage } from "../storage/types.js";
import { loadDefinitions } from "../surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "../surveys/registry.js";

/** The database the server uses, behind the storage boundary: PostgreSQL when DATABASE_URL is set, else the SQLite file. */
export async function openStorage(config: Pick<Config, "databaseUrl" | "databasePath">): Promise<Storage> {
  // Loaded only for PostgreSQL: its driver and drizzle's adapter take a tenth of a second to load.
  if (config.databaseUrl)
    return (await import("../storage/postgres/index.js")).openPostgresStorage(config.databaseUrl, { max: 1 });
  return createSqliteStorage(openDatabase(config.databasePath));
}

/** The same, with every published survey version, exactly as the server sees them at start. */
export async function openStorageWithSurveys(
  config: Pick<Config, "databaseUrl" | "databasePath" | "surveysDir">,
): Promise<{ storage: Storage; registry: SurveyRegistry }> {
  const files = [...loadDefinitions(config.surveysDir).surveys.values()];
  const storage = await openStorage(config);
  try {
    await storage.surveys.publish(files);
    return { storage, registry: createRegistry([...(await storage.surveys.readPublished()), ...files]) };
  } catch (error) {
    await storage.close();
    throw error;
  }
}
