import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { publishSurveys, readPublishedSurveys } from "./admin/definitions.repository.js";
import { firstAdminSetupToken } from "./admin/accounts.service.js";
import { applyRetention, purgeExpired } from "./admin/retention.service.js";
import { createApp } from "./app.js";
import { createLogger } from "./ops/logging.js";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { seedEnte } from "./ente/load.js";
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
  seedEnte(db, config.enteFile, config.comuneName);
  const { surveys } = loadDefinitions(config.surveysDir);
  const files = [...surveys.values()];
  publishSurveys(db, files);
  // Older published versions stay readable for drafts and reports; the files win for their own version.
  const registry = createRegistry([...readPublishedSurveys(db), ...files]);
  const purged = purgeExpired(db).drafts;
  const hourly = setInterval(() => purgeExpired(db), 3_600_000);
  hourly.unref();
  // Retention (responses past their survey's retention date), at start and then once a day.
  applyRetention(db);
  const daily = setInterval(() => applyRetention(db), 86_400_000);
  daily.unref();

  const logger = createLogger(config.logLevel);
  // Compiled (npm start): the built, hashed assets; from the TypeScript sources (npm run dev): the sources.
  const assetsDir = import.meta.url.endsWith(".js") ? join(import.meta.dirname, "../dist/assets") : undefined;
  const app = createApp({ db, registry, config, logger, assetsDir, limits: { maxOpenDrafts: config.maxOpenDrafts } });
  const running: RunningServer = { server: undefined as unknown as Server, db, registry };
  running.server = app.listen(config.port, config.host, () => {
    const port = (running.server.address() as AddressInfo).port;
    const open = registry.all().map((s) => s.definition.id).join(", ") || "nessuno";
    logger.info({ port, surveys: open, purgedDrafts: purged }, `Sportello: http://localhost:${port} (questionari: ${open}; bozze scadute eliminate: ${purged})`);
    // The one place a setup link is written out on purpose: it is how the first administrator gets in.
    if (!config.publicUrl) logger.warn("PUBLIC_URL non impostato: i link di ripresa, gli inviti e i tagliandi dei codici useranno l'indirizzo della richiesta. In produzione lo imposti (README, Configurazione).");
    const setup = firstAdminSetupToken(db);
    if (setup) logger.warn(`Nessun account ancora: crei il primo amministratore da http://localhost:${port}/attivazione/${setup} (valido 24 ore, una sola volta).`);
    onListening?.(running);
  });
  const stop = (signal: string): void => {
    logger.info({ signal }, "Arresto: nessuna nuova richiesta, attendo quelle in corso");
    running.server.close(() => {
      db.$client.close();
      logger.info("Database chiuso, arresto completato");
      process.exit(0);
    });
    // Keep-alive connections and slow clients must not hold the stop past the service manager's patience.
    setTimeout(() => running.server.closeAllConnections(), 10_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  return running;
}
