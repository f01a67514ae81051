import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import { exportResponsesTable } from "../../admin/response-export.service.js";
import type { ApiScope, ApiToken } from "../../admin/api-tokens.service.js";
import { aggregatesJson } from "../../interchange/dcat.js";
import { publisherFrom } from "../../interchange/publisher.js";
import type { Storage } from "../../storage/types.js";
import { openDataLabels } from "../../report/opendata.js";
import type { ReportService } from "../../report/service.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { parseFilter } from "./filters.js";
import { HttpError } from "../common/errors.js";
import { publicOrigin } from "../common/public-url.js";
import { serveReport } from "../report/serve.js";

class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const tokenOf = (res: Response): ApiToken => res.locals.apiToken as ApiToken;

/**
 * The read-only API for the comune's own systems (docs/api.openapi.yaml): JSON only, a bearer token
 * created by an admin, valid for one survey; the responses need a token with the microdata scope.
 * No session, no cookie; errors as JSON. Either engine.
 */
export function apiRouter(
  storage: Storage,
  registry: SurveyRegistry,
  reports: ReportService,
  marginsFile: string,
  now: () => Date,
): Router {
  const router = Router();

  const authorised = (scope: ApiScope): RequestHandler => async (req, res, next) => {
    res.set("Cache-Control", "no-store");
    const token = await storage.apiTokens.authenticate(req.get("authorization"), now());
    if (!token) {
      res.set("WWW-Authenticate", 'Bearer realm="sportello"');
      return next(new ApiError(401, "Serve un token valido: intestazione Authorization: Bearer spt_…"));
    }
    if (token.surveyId !== req.params.surveyId) return next(new ApiError(403, "Il token non vale per questo questionario."));
    if (scope === "microdata" && token.scope !== "microdata") return next(new ApiError(403, "Il token vale solo per gli aggregati: le risposte richiedono un token per i microdati."));
    if (!registry.current(String(req.params.surveyId))) return next(new ApiError(404, "Questionario non trovato."));
    res.locals.apiToken = token;
    next();
  };

  const report = async (req: Request, res: Response) => serveReport(reports, String(req.params.surveyId), { groups: {} }, res, "json");

  router.get("/api/v1/surveys/:surveyId/report", authorised("aggregates"), async (req, res) => {
    const served = await report(req, res);
    if (served) res.json(served.report);
  });

  router.get("/api/v1/surveys/:surveyId/aggregates", authorised("aggregates"), async (req, res) => {
    const served = await report(req, res);
    if (!served) return;
    const survey = registry.current(String(req.params.surveyId))!;
    res.json(aggregatesJson({ origin: publicOrigin(req), publisher: publisherFrom(await storage.ente.load()), report: served.report, publishedAt: served.report.generatedAt }, openDataLabels(survey)));
  });

  router.get("/api/v1/surveys/:surveyId/responses", authorised("microdata"), async (req, res, next) => {
    const { filter, values, errors } = parseFilter(String(req.params.surveyId), req.query);
    if (Object.keys(errors).length) return next(new ApiError(422, Object.entries(errors).map(([k, m]) => `${k}: ${m}`).join(" ")));
    const token = tokenOf(res);
    const filters = Object.values(values).some(Boolean) ? ` filtri: ${new URLSearchParams(Object.entries(values).filter(([, v]) => v)).toString()}` : "";
    const trail = { username: `api:${token.id}`, details: (rows: number) => `${rows} risposte via API (token n. ${token.id} «${token.name}»)${filters}` };
    const { table, weighted, synthetic } = await exportResponsesTable(storage, registry, filter, marginsFile, trail, now());
    res.json({
      survey: filter.surveyId,
      generatedAt: table.generatedAt,
      synthetic,
      weighted,
      variables: table.variables.map((v) => ({ name: v.name, key: v.key, label: v.label, storage: v.storage, level: v.level, values: v.values.map((x) => ({ code: x.code, value: x.value, label: x.label })), missing: v.missing.map((m) => m.code) })),
      rows: table.rows,
    });
  });

  const jsonErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
    if (res.headersSent) return next(err);
    const status = err instanceof ApiError || err instanceof HttpError ? (err as { status: number }).status : 500;
    const message = err instanceof ApiError ? err.message : status === 404 ? "Non trovato." : "Errore interno.";
    if (status === 500) return next(err);
    res.status(status).json({ error: message });
  };
  router.use("/api", jsonErrors);
  return router;
}
