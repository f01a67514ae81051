import { dirname, join } from "node:path";
import compression from "compression";
import express, { type Express, type RequestHandler } from "express";
import helmet from "helmet";
import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import { formatInteger } from "./format/italian.js";
import type { SurveyRegistry } from "./surveys/registry.js";
import { errorHandler, notFoundHandler } from "./web/common/errors.js";
import { enteLocals, templateLocals } from "./web/common/locals.js";
import { layoutEngine } from "./web/common/layout.js";
import { answerErrorLinks, errorLinks } from "./web/common/error-summary.js";
import { surveyTrail } from "./web/common/breadcrumb.js";
import { respondentRouter } from "./web/respondent/survey.routes.js";
import { draftRouter } from "./web/respondent/draft.routes.js";
import { feedbackRouter, NEGATIVE_ASPECTS, POSITIVE_ASPECTS } from "./web/respondent/feedback.routes.js";
import { infoRouter } from "./web/respondent/info.routes.js";
import { invitationRouter, signInRouter } from "./web/admin/auth.routes.js";
import { adminHomeRouter, adminRouter } from "./web/admin/admin.routes.js";
import { fieldworkRouter } from "./web/fieldwork/fieldwork.routes.js";
import { codesRouter } from "./web/fieldwork/codes.routes.js";
import { entryRouter } from "./web/fieldwork/entry.routes.js";
import { kioskRouter } from "./web/respondent/kiosk.routes.js";
import { attachUser } from "./web/common/session.js";
import { dataRouter } from "./web/data/data.routes.js";
import { dataResponsesRouter } from "./web/data/responses.routes.js";
import { dataExportRouter } from "./web/data/export.routes.js";
import { openDataRouter } from "./web/report/opendata-catalogue.routes.js";
import { apiRouter } from "./web/data/api.routes.js";
import { apiTokensRouter } from "./web/admin/api-tokens.routes.js";
import { reportSettingsRouter } from "./web/report/settings.routes.js";
import { reportPanelRouter } from "./web/report/panel.routes.js";
import { abuseGuards, type AbuseLimits } from "./web/respondent/abuse.js";
import type { CounterStore } from "./storage/counters.js";
import { createSqliteStorage } from "./storage/sqlite.js";
import type { Storage } from "./storage/types.js";
import { followPublishedVersions } from "./web/common/published-versions.js";
import { healthRouter } from "./web/common/health.routes.js";
import { mountAssets } from "./web/common/assets.js";
import { enteRouter } from "./web/admin/ente.routes.js";
import { requestLogger, type Logger } from "./ops/logging.js";
import type { ReportService } from "./report/service.js";
import { createSqliteReportService } from "./storage/sqlite-report-source.js";
import { mountDesigner, mountReportReading, mountStaffParsers } from "./app-routers.js";

export interface AppDeps {
  /**
   * The SQLite database, for the report service built on it when `reports` is not given (the SQLite
   * server and tests). Absent when the server runs on PostgreSQL.
   */
  db?: Db;
  /** Where the questionnaires' data lives (src/storage/types.ts); by default SQLite's, on `db`. */
  storage?: Storage;
  registry: SurveyRegistry;
  config: Pick<Config, "comuneName" | "trustProxy" | "marginsFile"> &
    Partial<Pick<Config, "databasePath" | "publicUrl">>;
  /** Request and error log (pino); without it nothing is logged per request (tests). */
  logger?: Logger;
  /** Built page assets (dist/assets with its manifest.json); without it the sources are served. */
  assetsDir?: string;
  now?: () => Date;
  /** Limits against floods (src/web/respondent/abuse.ts); the defaults suit production, tests lower them. */
  limits?: Partial<AbuseLimits>;
  /**
   * Where the per-client limits count. Without it (the single-node default) they count in this
   * process's memory; with PostgreSQL's counter store they hold across app nodes.
   */
  counters?: CounterStore;
  /**
   * Where reports come from (built off the request path); by default one service on `db`. Without
   * either (PostgreSQL with no report service) the report pages and the API are not mounted.
   */
  reports?: ReportService;
  /**
   * How often (milliseconds, at most) a node on PostgreSQL looks for versions published by another
   * node (src/web/common/published-versions.ts); 2 seconds by default, 0 checks at every request.
   */
  publishedCheckMs?: number;
}

const ROOT = join(import.meta.dirname, "..");

/** Builds the app; never listens (main.ts does, tests use supertest). */
export function createApp(deps: AppDeps): Express {
  const { db } = deps;
  if (!db && !deps.storage) throw new Error("createApp: a database or a storage is needed");
  const storage = deps.storage ?? createSqliteStorage(db!);
  const app = express();
  app.disable("x-powered-by");
  if (deps.config.trustProxy) app.set("trust proxy", trustProxySetting(deps.config.trustProxy));
  app.engine("ejs", layoutEngine(join(ROOT, "views", "layout.ejs")));
  app.set("view engine", "ejs");
  app.set("views", join(ROOT, "views"));
  // Compiled templates are kept (express does so only with NODE_ENV=production, which `npm start` does
  // not set): without it every page re-reads and recompiles each included template, ten times slower (BENCHMARKS.md).
  app.set("view cache", true);
  app.locals.comuneName = deps.config.comuneName ?? "";
  // Links that leave the page (resume links, invitations, code slips) start from here (src/web/common/public-url.ts).
  app.locals.publicUrl = deps.config.publicUrl;
  // Templates build their error summaries and breadcrumbs with these (views/partials/).
  app.locals.errorLinks = errorLinks;
  // Counts on the staff pages written as the report writes them: 1.234, never 1234.
  app.locals.int = formatInteger;
  app.locals.answerErrorLinks = answerErrorLinks;
  app.locals.surveyTrail = surveyTrail;
  app.locals.NEGATIVE_ASPECTS = NEGATIVE_ASPECTS;
  app.locals.POSITIVE_ASPECTS = POSITIVE_ASPECTS;

  if (deps.logger) app.use(requestLogger(deps.logger));
  // gzip or brotli, whichever the browser prefers: the first visit on a phone is mostly text.
  app.use(compression());
  app.use(healthRouter(storage, dataDirOf(deps.config.databasePath)));

  app.use(
    helmet({
      // upgrade-insecure-requests and HSTS only over HTTPS (httpsOnlyHeaders): on plain http (a trial on
      // a LAN address) they would send the browser to an https:// that isn't there.
      contentSecurityPolicy: {
        directives: {
          "script-src": ["'self'"],
          "style-src": ["'self'"],
          "img-src": ["'self'", "data:"],
          "upgrade-insecure-requests": null,
        },
      },
      strictTransportSecurity: false,
      // Resume links carry a secret token: never send them to another site.
      referrerPolicy: { policy: "same-origin" },
    }),
  );
  app.use(httpsOnlyHeaders);
  mountAssets(app, ROOT, deps.assetsDir);
  // Several nodes share PostgreSQL: versions published by the designer on another node are served here too.
  // SQLite has one node, whose registry the designer updates itself.
  if (storage.engine === "postgres")
    app.use(followPublishedVersions(storage, deps.registry, deps.publishedCheckMs ?? 2000));
  mountStaffParsers(app, storage.sessions);
  app.use(express.urlencoded({ extended: false, limit: "100kb", parameterLimit: 1000 }));
  app.use(enteLocals(storage));
  app.use(templateLocals());

  const now = deps.now ?? (() => new Date());
  // hardening: rate limits and the open-draft cap, before the public routers they guard
  app.use(abuseGuards(storage, deps.limits, now, deps.counters));
  // The citizens' pages come first and need no session: staff sessions are looked up only after them.
  app.use(infoRouter(storage, deps.registry, now));
  app.use(respondentRouter(storage, deps.registry, now));
  app.use(kioskRouter(storage, deps.registry, now));
  app.use(draftRouter(storage, deps.registry, now));
  app.use(feedbackRouter(storage, deps.registry));
  app.use(attachUser(storage));
  app.use(signInRouter(storage, deps.counters ?? storage.counters));
  app.use(invitationRouter(storage));
  app.use(adminHomeRouter(storage, deps.registry, now));
  app.use(adminRouter(storage));
  app.use(enteRouter(storage, deps.registry, deps.config.marginsFile, now));
  // report settings router (settings, census margins, the fieldwork panel)
  app.use(reportSettingsRouter(storage, deps.registry, deps.config.marginsFile, now));
  app.use(reportPanelRouter(storage, deps.registry, deps.config.marginsFile, now));
  app.use(fieldworkRouter(storage, deps.registry, now));
  app.use(codesRouter(storage, deps.registry, now));
  app.use(entryRouter(storage, deps.registry, now));
  // data: the responses browser and the erasure of one response, export, import, codebook, retention
  app.use(dataResponsesRouter(storage, deps.registry));
  app.use(dataRouter(storage, deps.registry));
  app.use(dataExportRouter(storage, deps.registry, deps.config.marginsFile, now));
  const reports =
    deps.reports ??
    (db ? createSqliteReportService(db, deps.registry, { marginsFile: deps.config.marginsFile, now }) : undefined);
  if (reports) mountReportReading(app, storage, deps.registry, reports, now);
  // public open data: only what the giunta published
  app.use(openDataRouter(storage, deps.registry));
  // read-only API (bearer tokens)
  if (reports) app.use(apiRouter(storage, deps.registry, reports, deps.config.marginsFile, now));
  app.use(apiTokensRouter(storage, deps.registry));
  mountDesigner(app, storage, deps.registry);
  app.use(notFoundHandler);
  app.use(errorHandler);
  return app;
}

/** Where the database file lives (the disk the health check watches); the working folder for an in-memory one. */
function dataDirOf(databasePath: string | undefined): string {
  return databasePath && databasePath !== ":memory:" ? dirname(databasePath) : process.cwd();
}

/** HSTS and the CSP's upgrade-insecure-requests, on requests that came over HTTPS (req.secure, TRUST_PROXY behind a proxy). */
const httpsOnlyHeaders: RequestHandler = (req, res, next) => {
  if (req.secure) {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    const policy = res.getHeader("Content-Security-Policy");
    if (typeof policy === "string") res.setHeader("Content-Security-Policy", `${policy};upgrade-insecure-requests`);
  }
  next();
};

/**
 * TRUST_PROXY as express understands it: a number of proxy hops ("1"), "true", or addresses.
 * Express reads a string as a list of addresses, so "1" alone would trust the address 0.0.0.1
 * and never believe X-Forwarded-Proto: the session cookie would lose its Secure flag.
 */
export function trustProxySetting(value: string): number | boolean | string {
  if (/^\d+$/.test(value)) return Number(value);
  if (value === "true") return true;
  return value;
}
