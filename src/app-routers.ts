import type { Express } from "express";
import type { ReportService } from "./report/service.js";
import type { Storage } from "./storage/types.js";
import type { SurveyRegistry } from "./surveys/registry.js";
import { adminFormParser, type SessionLookup } from "./web/common/admin-form.js";
import { STEMMA_PATH, stemmaBodyParser } from "./web/admin/stemma-upload.js";
import { IMPORT_LIMIT, IMPORT_PATH } from "./web/data/data.routes.js";
import { designerCatalogueRouter } from "./web/designer/catalogue.routes.js";
import { designerRouter } from "./web/designer/designer.routes.js";
import { designerImportRouter, foreignUploadParser, FOREIGN_UPLOAD_PATH } from "./web/designer/import.routes.js";
import { designerPagesRouter } from "./web/designer/pages.routes.js";
import { designerPreviewRouter } from "./web/designer/preview.routes.js";
import { designerQuestionsRouter } from "./web/designer/questions.routes.js";
import { UPLOAD_LIMIT, UPLOAD_PATH } from "./web/designer/support.js";
import { hideDraftReportsFromGiunta } from "./web/report/access.js";
import { reportBriefingRouter } from "./web/report/briefing.routes.js";
import { reportOpenDataRouter } from "./web/report/opendata.routes.js";
import { reportPagesRouter } from "./web/report/pages.routes.js";
import { reportPublicationRouter } from "./web/report/publication.routes.js";
import { reportRouter } from "./web/report/report.routes.js";
import { MARGINS_LIMIT, MARGINS_PATH } from "./web/report/settings.routes.js";

/**
 * Groups of routers that src/app.ts mounts together, in the order their paths need: the staff forms'
 * large-body parsers, the reports as the giunta reads and publishes them, and the designer.
 */

/** The large bodies of the staff forms, read before the common form parser (admins only). */
export function mountStaffParsers(app: Express, sessions: SessionLookup): void {
  // data router: the CSV import form needs a larger body than any other form (admins only), so it is read first.
  app.use(IMPORT_PATH, adminFormParser(sessions, IMPORT_LIMIT));
  // designer router: a pasted definition is larger than other forms (admins only), so it is read first.
  app.use(UPLOAD_PATH, adminFormParser(sessions, UPLOAD_LIMIT));
  // designer import: a LimeSurvey or XLSForm file comes as multipart (admins only, one file of at most 5 MB).
  app.use(FOREIGN_UPLOAD_PATH, foreignUploadParser(sessions));
  // report settings router: a pasted margins file may exceed the global limit (admins only).
  app.use(MARGINS_PATH, adminFormParser(sessions, MARGINS_LIMIT));
  // ente router: the stemma form sends a file (multipart, admins only).
  app.use(STEMMA_PATH, stemmaBodyParser(sessions));
}

/**
 * The reports as the giunta reads and publishes them, on either engine: reports are built by the
 * report service (a worker thread), never by a request; the giunta never reads the report of a survey in draft.
 */
export function mountReportReading(
  app: Express,
  storage: Storage,
  registry: SurveyRegistry,
  reports: ReportService,
  now: () => Date,
): void {
  app.use("/reports", hideDraftReportsFromGiunta(storage, registry, now));
  app.use(reportRouter(registry, reports));
  // report pages (after the JSON route: "/reports/:surveyId" would also match "cittadini.json")
  app.use(reportPagesRouter(registry, reports));
  app.use(reportBriefingRouter(registry, reports));
  // the report's open-data files and the giunta's publication of them
  app.use(reportOpenDataRouter(registry, reports));
  app.use(reportPublicationRouter(storage, registry, reports, now));
}

/** The designer and the service catalogues, on either engine (drafts and versions through `storage.designer`). */
export function mountDesigner(app: Express, storage: Storage, registry: SurveyRegistry): void {
  // designer router (the import first: "/admin/designer/:surveyId" would also match "importa")
  app.use(designerImportRouter(storage, registry));
  app.use(designerRouter(storage, registry));
  app.use(designerPreviewRouter(storage, registry));
  app.use(designerPagesRouter(storage, registry));
  app.use(designerQuestionsRouter(storage, registry));
  app.use(designerCatalogueRouter(storage, registry));
}
