import type { Express } from "express";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { firstAdminSetupToken } from "./storage/sqlite-accounts.js";
import { applyRetention, purgeExpired } from "./admin/retention.service.js";
import { createApp } from "./app.js";
import { createLogger, type Logger } from "./ops/logging.js";
import type { Config } from "./config.js";
import { openDatabase, type Database } from "./db/client.js";
import { seedEnte } from "./storage/sqlite-ente.js";
import { publishSurveys, readPublishedSurveys } from "./storage/sqlite-surveys.js";
import { loadDefinitions } from "./surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "./surveys/registry.js";
import { createSqliteStorage } from "./storage/sqlite.js";
import { createReportServiceOn, type ReportService } from "./report/service.js";
import type { Storage } from "./storage/types.js";

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
  const logger = createLogger(config.logLevel);
  // One storage for the app and the periodic jobs: the rate-limit windows they purge are the app's own.
  const storage = createSqliteStorage(db);
  const purged = cleanUp(storage, logger);
  scheduleCleanUp(storage, logger);

  const app = createApp({
    db,
    storage,
    registry,
    config,
    logger,
    assetsDir: assetsDir(),
    limits: { maxOpenDrafts: config.maxOpenDrafts },
  });
  const running: RunningServer = { server: undefined as unknown as Server, db, registry };
  running.server = listen(app, config, logger, registry, purged, () => {
    const setup = firstAdminSetupToken(db);
    if (setup) logFirstAdminLink(logger, port(running.server), setup);
    onListening?.(running);
  });
  stopOnSignal(running.server, logger, () => {
    db.$client.close();
  });
  return running;
}

export interface RunningPostgresServer {
  server: Server;
  storage: Storage;
  registry: SurveyRegistry;
}

/**
 * `npm start` with DATABASE_URL: the same sequence on PostgreSQL (migrations applied at open, under
 * an advisory lock, so several nodes may start together). The questionnaires (citizens, staff, kiosk),
 * the sign-in and the reports run on the storage boundary; sessions and rate limits live in the
 * database, so they hold across nodes; each node builds its reports in its own worker from the
 * database, and serves the versions the designer publishes on any node (docs/postgresql.md).
 */
export async function startPostgresServer(
  config: Config & { databaseUrl: string },
  onListening?: (running: RunningPostgresServer) => void,
): Promise<RunningPostgresServer> {
  const logger = createLogger(config.logLevel);
  // PostgreSQL's modules are loaded here only: a server on SQLite never loads its driver (a tenth of a second, some MB).
  const [{ openPostgres }, { createPostgresStorage }, { postgresReportSource }] = await Promise.all([
    import("./db/pg/client.js"),
    import("./storage/postgres/index.js"),
    import("./storage/postgres/report-source.js"),
  ]);
  const pg = await openPostgres(config.databaseUrl);
  const storage = createPostgresStorage(pg);
  let reports: ReportService | undefined;
  try {
    await storage.ente.seed(config.enteFile, config.comuneName);
    const { surveys } = loadDefinitions(config.surveysDir);
    const files = [...surveys.values()];
    await storage.surveys.publish(files);
    const registry = createRegistry([...(await storage.surveys.readPublished()), ...files]);
    const purged = await cleanUp(storage, logger);
    await retention(storage, logger);
    scheduleCleanUp(storage, logger);
    const now = (): Date => new Date();
    reports = createReportServiceOn(postgresReportSource(pg, config.databaseUrl), registry, {
      marginsFile: config.marginsFile,
      now,
    });
    const app = createApp({
      storage,
      registry,
      config,
      logger,
      assetsDir: assetsDir(),
      limits: { maxOpenDrafts: config.maxOpenDrafts },
      counters: storage.counters,
      reports,
      now,
    });
    const running: RunningPostgresServer = { server: undefined as unknown as Server, storage, registry };
    const setup = await storage.accounts.firstAdminLink();
    running.server = listen(app, config, logger, registry, purged, () => {
      if (setup) logFirstAdminLink(logger, port(running.server), setup);
      onListening?.(running);
    });
    const service = reports;
    stopOnSignal(running.server, logger, async () => {
      await service.close();
      await storage.close();
    });
    return running;
  } catch (error) {
    await reports?.close();
    await storage.close();
    throw error;
  }
}

/** The one place a setup link is written out on purpose: it is how the first administrator gets in. */
function logFirstAdminLink(logger: Logger, listeningOn: number, token: string): void {
  logger.warn(
    `Nessun account ancora: crei il primo amministratore da http://localhost:${listeningOn}/attivazione/${token} (valido 24 ore, una sola volta).`,
  );
}

/** The hourly clean-up and the daily retention job, on either engine (src/admin/retention.service.ts). */
function scheduleCleanUp(storage: Storage, logger: Logger): void {
  const hourly = setInterval(() => void cleanUp(storage, logger), 3_600_000);
  hourly.unref();
  // Retention (responses past their survey's retention date), at start and then once a day.
  void retention(storage, logger);
  const daily = setInterval(() => void retention(storage, logger), 86_400_000);
  daily.unref();
}

/** Expired drafts and those past their survey's own draft days, sessions, rate-limit windows. A failure is logged, not fatal. */
async function cleanUp(storage: Storage, logger: Logger): Promise<number> {
  try {
    return (await purgeExpired(storage)).drafts;
  } catch (error) {
    logger.error({ err: error }, "Pulizia periodica non riuscita: riproverò tra un'ora");
    return 0;
  }
}

/**
 * The daily retention job. On PostgreSQL every node runs it; the deletions are conditional, so a
 * second node finds nothing left and writes no audit line. A failure is logged, not fatal: tried again the next day.
 */
async function retention(storage: Storage, logger: Logger): Promise<void> {
  try {
    const applied = await applyRetention(storage);
    if (applied.length) logger.info({ applied }, "Conservazione dei dati applicata");
  } catch (error) {
    logger.error({ err: error }, "Conservazione dei dati non applicata: riproverò domani");
  }
}

/** Compiled (npm start): the built, hashed assets; from the TypeScript sources (npm run dev): the sources. */
function assetsDir(): string | undefined {
  return import.meta.url.endsWith(".js") ? join(import.meta.dirname, "../dist/assets") : undefined;
}

function port(server: Server): number {
  return (server.address() as AddressInfo).port;
}

function listen(
  app: Express,
  config: Config,
  logger: Logger,
  registry: SurveyRegistry,
  purged: number | Promise<number>,
  onListening: () => void,
): Server {
  const server = app.listen(config.port, config.host, () => void Promise.resolve(purged).then(announce));
  const announce = (purgedDrafts: number): void => {
    const open =
      registry
        .all()
        .map((s) => s.definition.id)
        .join(", ") || "nessuno";
    logger.info(
      { port: port(server), surveys: open, purgedDrafts },
      `Sportello: http://localhost:${port(server)} (questionari: ${open}; bozze scadute eliminate: ${purgedDrafts})`,
    );
    if (!config.publicUrl)
      logger.warn(
        "PUBLIC_URL non impostato: i link di ripresa, gli inviti e i tagliandi dei codici useranno l'indirizzo della richiesta. In produzione lo imposti (README, Configurazione).",
      );
    onListening();
  };
  return server;
}

/** A clean stop on SIGTERM/SIGINT: no new requests, those in progress finish, then the database closes. */
function stopOnSignal(server: Server, logger: Logger, close: () => void | Promise<void>): void {
  const stop = (signal: string): void => {
    logger.info({ signal }, "Arresto: nessuna nuova richiesta, attendo quelle in corso");
    server.close(() => {
      void Promise.resolve()
        .then(close)
        .finally(() => {
          logger.info("Database chiuso, arresto completato");
          process.exit(0);
        });
    });
    // Keep-alive connections and slow clients must not hold the stop past the service manager's patience.
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}
