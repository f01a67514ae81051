import type { Server } from "node:http";
import { publishSurveys, readPublishedSurveys } from "./admin/definitions.repository.js";
import { firstAdminSetupToken } from "./admin/accounts.service.js";
import { applyRetention, purgeDrafts } from "./admin/retention.service.js";
import { createApp } from "./app.js";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { loadDefinitions } from "./surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "./surveys/registry.js";

export interface RunningServer {
  server: Server;
  db: Database;
  registry: SurveyRegistry;
}

/**
 * The start sequence, shared by `npm start` (src/main.ts) and `npm run demo` (src/cli/demo-server.ts):
 * configuration → database → surveys → periodic clean-up → listen, and a clean stop on SIGTERM/SIGINT.
 * `onListening` runs once the port is open (the demo prints its accounts there).
 */
export function startServer(config: Config, onListening?: (running: RunningServer) => void): RunningServer {
  const db = openDatabase(config.databasePath);
  const { surveys } = loadDefinitions(config.surveysDir);
  const files = [...surveys.values()];
  publishSurveys(db, files);
  // Older published versions stay readable for drafts and reports; the files win for their own version.
  const registry = createRegistry([...readPublishedSurveys(db), ...files]);
  const purged = purgeDrafts(db);
  const hourly = setInterval(() => purgeDrafts(db), 3_600_000);
  hourly.unref();
  // Retention (responses past their survey's retention date), at start and then once a day.
  applyRetention(db);
  const daily = setInterval(() => applyRetention(db), 86_400_000);
  daily.unref();

  const app = createApp({ db, registry, config, limits: { maxOpenDrafts: config.maxOpenDrafts } });
  const running: RunningServer = { server: undefined as unknown as Server, db, registry };
  running.server = app.listen(config.port, config.host, () => {
    const open = registry.all().map((s) => s.definition.id).join(", ") || "nessuno";
    console.log(`Sportello: http://localhost:${config.port} (questionari: ${open}; bozze scadute eliminate: ${purged})`);
    const setup = firstAdminSetupToken(db);
    if (setup) console.log(`Nessun account ancora: crei il primo amministratore da http://localhost:${config.port}/attivazione/${setup} (valido 24 ore, una sola volta).`);
    onListening?.(running);
  });
  const stop = (): void => {
    running.server.close(() => {
      db.$client.close();
      process.exit(0);
    });
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
  return running;
}
