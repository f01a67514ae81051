import { Router } from "express";
import type { ReportService } from "../../report/service.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { notFound } from "../common/errors.js";
import { parseFilters, refuseView, VIEW_NOT_SERVED } from "./filters.js";
import { serveReport } from "./serve.js";

/** The giunta's report: as JSON for scripts and the offline file; the pages build on the same data. */
export function reportRouter(registry: SurveyRegistry, reports: ReportService): Router {
  const router = Router();
  guarded(router, "GET /reports/:surveyId.json", async (req, res) => {
    const survey = registry.current(String(req.params.surveyId));
    if (!survey) throw notFound();
    const filters = parseFilters(req.query, survey);
    if (!filters.ok) return refuseView(res, 400, filters.message, "json");
    const served = await serveReport(reports, survey.definition.id, filters.filters, res, "json");
    if (!served) return;
    if (!served.report.view.served) return refuseView(res, 403, VIEW_NOT_SERVED, "json");
    res.json(served.report);
  });
  return router;
}
