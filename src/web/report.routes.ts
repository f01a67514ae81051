import { Router } from "express";
import type { Db } from "../db/client.js";
import { loadReport, ReportUnavailable } from "../report/load.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { guarded } from "./access.js";
import { notFound } from "./errors.js";
import { parseFilters } from "./report-filters.js";

/** The giunta's report: as JSON for scripts and the offline file; the pages build on the same data. */
export function reportRouter(db: Db, registry: SurveyRegistry, marginsFile: string, now: () => Date): Router {
  const router = Router();
  guarded(router, "GET /reports/:surveyId.json", (req, res) => {
    const survey = registry.current(String(req.params.surveyId));
    if (!survey) throw notFound();
    try {
      const report = loadReport(db, registry, survey.definition.id, { marginsFile, filters: parseFilters(req.query), now: now() });
      res.json(report);
    } catch (error) {
      if (error instanceof ReportUnavailable) throw notFound();
      throw error;
    }
  });
  return router;
}
