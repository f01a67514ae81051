import { dirname, join } from "node:path";
import compression from "compression";
import express, { type Express, type RequestHandler } from "express";
import helmet from "helmet";
import type { Config } from "./config.js";
import type { Db } from "./db/client.js";
import type { SurveyRegistry } from "./surveys/registry.js";
import { errorHandler, notFoundHandler } from "./web/errors.js";
import { enteLocals, templateLocals } from "./web/locals.js";
import { respondentRouter } from "./web/survey.routes.js";
import { draftRouter } from "./web/draft.routes.js";
import { feedbackRouter, NEGATIVE_ASPECTS, POSITIVE_ASPECTS } from "./web/feedback.routes.js";
import { infoRouter } from "./web/info.routes.js";
import { authRouter } from "./web/auth.routes.js";
import { adminRouter } from "./web/admin.routes.js";
import { fieldworkRouter } from "./web/fieldwork.routes.js";
import { codesRouter } from "./web/codes.routes.js";
import { entryRouter } from "./web/entry.routes.js";
import { kioskRouter } from "./web/kiosk.routes.js";
import { attachUser } from "./web/session.js";
import { reportRouter } from "./web/report.routes.js";
import { reportPagesRouter } from "./web/report-pages.routes.js";
import { reportBriefingRouter } from "./web/report-briefing.routes.js";
import { designerRouter } from "./web/designer.routes.js";
import { designerPreviewRouter } from "./web/designer-preview.routes.js";
import { designerPagesRouter } from "./web/designer-pages.routes.js";
import { designerQuestionsRouter } from "./web/designer-questions.routes.js";
import { designerCatalogueRouter } from "./web/designer-catalogue.routes.js";
import { UPLOAD_PATH, uploadBodyParser } from "./web/designer-support.js";
import { designerImportRouter, foreignUploadParser, FOREIGN_UPLOAD_PATH } from "./web/designer-import.routes.js";
import { dataRouter, importBodyParser, IMPORT_PATH } from "./web/data.routes.js";
import { dataResponsesRouter } from "./web/data-responses.routes.js";
import { dataExportRouter } from "./web/data-export.routes.js";
import { reportPublicationRouter } from "./web/report-publication.routes.js";
import { openDataRouter } from "./web/opendata.routes.js";
import { apiRouter } from "./web/api.routes.js";
import { apiTokensRouter } from "./web/api-tokens.routes.js";
import { MARGINS_PATH, marginsBodyParser, reportSettingsRouter } from "./web/report-settings.routes.js";
import { reportPanelRouter } from "./web/report-panel.routes.js";
import { reportOpenDataRouter } from "./web/report-opendata.routes.js";
import { abuseGuards, type AbuseLimits } from "./web/abuse.js";
import { healthRouter } from "./web/health.routes.js";
import { mountAssets } from "./web/assets.js";
import { enteRouter } from "./web/ente.routes.js";
import { STEMMA_PATH, stemmaBodyParser } from "./web/stemma-upload.js";
import { requestLogger, type Logger } from "./ops/logging.js";
import { createReportService, type ReportService } from "./report/service.js";
import { hideDraftReportsFromGiunta } from "./web/report-access.js";

export interface AppDeps {
  db: Db;
  registry: SurveyRegistry;
  config: Pick<Config, "comuneName" | "trustProxy" | "marginsFile"> & Partial<Pick<Config, "databasePath" | "publicUrl">>;
  /** Request and error log (pino); without it nothing is logged per request (tests). */
  logger?: Logger;
  /** Built page assets (dist/assets with its manifest.json); without it the sources are served. */
  assetsDir?: string;
  now?: () => Date;
  /** Limits against floods (src/web/abuse.ts); the defaults suit production, tests lower them. */
  limits?: Partial<AbuseLimits>;
  /** Where reports come from (built off the request path); by default one service on `db`. */
  reports?: ReportService;
}

const ROOT = join(import.meta.dirname, "..");

/** Builds the app; never listens (main.ts does, tests use supertest). */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable("x-powered-by");
  if (deps.config.trustProxy) app.set("trust proxy", trustProxySetting(deps.config.trustProxy));
  app.set("view engine", "ejs");
  app.set("views", join(ROOT, "views"));
  // Compiled templates are kept (express does so only with NODE_ENV=production, which `npm start` does
  // not set): without it every page re-reads and recompiles each included template, ten times slower (BENCHMARKS.md).
  app.set("view cache", true);
  app.locals.comuneName = deps.config.comuneName ?? "";
  // Links that leave the page (resume links, invitations, code slips) start from here (src/web/public-url.ts).
  app.locals.publicUrl = deps.config.publicUrl;
  app.locals.NEGATIVE_ASPECTS = NEGATIVE_ASPECTS;
  app.locals.POSITIVE_ASPECTS = POSITIVE_ASPECTS;

  if (deps.logger) app.use(requestLogger(deps.logger));
  // gzip or brotli, whichever the browser prefers: the first visit on a phone is mostly text.
  app.use(compression());
  app.use(healthRouter(deps.db, dataDirOf(deps.config.databasePath)));

  app.use(
    helmet({
      // upgrade-insecure-requests and HSTS only over HTTPS (httpsOnlyHeaders): on plain http (a trial on
      // a LAN address) they would send the browser to an https:// that isn't there.
      contentSecurityPolicy: { directives: { "script-src": ["'self'"], "style-src": ["'self'"], "img-src": ["'self'", "data:"], "upgrade-insecure-requests": null } },
      strictTransportSecurity: false,
      // Resume links carry a secret token: never send them to another site.
      referrerPolicy: { policy: "same-origin" },
    }),
  );
  app.use(httpsOnlyHeaders);
  mountAssets(app, ROOT, deps.assetsDir);
  // data router: the CSV import form needs a larger body than any other form (admins only), so it is read first.
  app.use(IMPORT_PATH, importBodyParser(deps.db));
  // designer router: a pasted definition is larger than other forms (admins only), so it is read first.
  app.use(UPLOAD_PATH, uploadBodyParser(deps.db));
  // designer import: a LimeSurvey or XLSForm file comes as multipart (admins only, one file of at most 5 MB).
  app.use(FOREIGN_UPLOAD_PATH, foreignUploadParser(deps.db));
  // report settings router: a pasted margins file may exceed the global limit (admins only).
  app.use(MARGINS_PATH, marginsBodyParser(deps.db));
  // ente router: the stemma form sends a file (multipart, admins only).
  app.use(STEMMA_PATH, stemmaBodyParser(deps.db));
  app.use(express.urlencoded({ extended: false, limit: "100kb", parameterLimit: 1000 }));
  app.use(enteLocals(deps.db));
  app.use(templateLocals());
  app.use(attachUser(deps.db));

  const now = deps.now ?? (() => new Date());
  // hardening: rate limits and the open-draft cap, before the public routers they guard
  app.use(abuseGuards(deps.db, deps.limits, now));
  app.use(infoRouter(deps.db, deps.registry, now));
  app.use(respondentRouter(deps.db, deps.registry, now));
  app.use(kioskRouter(deps.db, deps.registry, now));
  app.use(draftRouter(deps.db, deps.registry, now));
  app.use(feedbackRouter(deps.db, deps.registry));
  app.use(authRouter(deps.db));
  app.use(adminRouter(deps.db, deps.registry));
  app.use(enteRouter(deps.db, deps.registry, deps.config.marginsFile, now));
  // fieldwork router
  app.use(fieldworkRouter(deps.db, deps.registry, now));
  app.use(codesRouter(deps.db, deps.registry, now));
  app.use(entryRouter(deps.db, deps.registry, now));
  // designer router (the import first: "/admin/designer/:surveyId" would also match "importa")
  app.use(designerImportRouter(deps.db, deps.registry));
  app.use(designerRouter(deps.db, deps.registry));
  app.use(designerPreviewRouter(deps.db, deps.registry));
  app.use(designerPagesRouter(deps.db, deps.registry));
  app.use(designerQuestionsRouter(deps.db, deps.registry));
  app.use(designerCatalogueRouter(deps.db, deps.registry));
  // data router
  app.use(dataRouter(deps.db, deps.registry));
  app.use(dataResponsesRouter(deps.db, deps.registry));
  app.use(dataExportRouter(deps.db, deps.registry, deps.config.marginsFile, now));
  // the giunta never reads the report of a survey still in draft
  app.use("/reports", hideDraftReportsFromGiunta(deps.db, deps.registry, now));
  // report router: reports are built by the report service (a worker thread), never by a request
  const reports = deps.reports ?? createReportService(deps.db, deps.registry, { marginsFile: deps.config.marginsFile, now });
  app.use(reportRouter(deps.registry, reports));
  // report pages (after the JSON route: "/reports/:surveyId" would also match "cittadini.json")
  app.use(reportPagesRouter(deps.registry, reports));
  app.use(reportBriefingRouter(deps.registry, reports));
  // report settings router (settings, margins, fieldwork panel, open data)
  app.use(reportSettingsRouter(deps.db, deps.registry, deps.config.marginsFile, now));
  app.use(reportPanelRouter(deps.db, deps.registry, deps.config.marginsFile, now));
  app.use(reportOpenDataRouter(deps.registry, reports));
  app.use(reportPublicationRouter(deps.db, deps.registry, reports, now));
  // public open data: only what the giunta published
  app.use(openDataRouter(deps.db, deps.registry));
  // read-only API (bearer tokens) and its tokens' admin page
  app.use(apiRouter(deps.db, deps.registry, reports, deps.config.marginsFile, now));
  app.use(apiTokensRouter(deps.db, deps.registry));
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
