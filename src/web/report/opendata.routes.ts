import { Router, type Response } from "express";
import type { Report } from "../../report/contract.js";
import { openDataCsv, openDataLabels } from "../../report/opendata.js";
import { openDataDictionaryCsv } from "../../report/opendata-dictionary.js";
import type { ReportService } from "../../report/service.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { notFound } from "../common/errors.js";
import { serveReport } from "./serve.js";

/**
 * The open-data package: the report's published aggregates as CSV, and its data dictionary.
 * Always the whole sample (no filters): a reuser gets the figures the giunta read.
 */
export function reportOpenDataRouter(registry: SurveyRegistry, reports: ReportService): Router {
  const router = Router();

  const withReport = async (
    surveyId: unknown,
    res: Response,
    send: (report: Report, survey: LoadedSurvey) => void,
  ): Promise<void> => {
    const survey = registry.current(String(surveyId));
    if (!survey) throw notFound();
    const served = await serveReport(reports, survey.definition.id, { groups: {} }, res, "file");
    if (!served) return;
    res.type("text/csv; charset=utf-8");
    send(served.report, survey);
  };

  guarded(router, "GET /reports/:surveyId/opendata.csv", async (req, res) => {
    await withReport(req.params.surveyId, res, (report, survey) => {
      res.attachment(`${survey.definition.id}-opendata.csv`).send(openDataCsv(report, openDataLabels(survey)));
    });
  });

  guarded(router, "GET /reports/:surveyId/opendata-dizionario.csv", async (req, res) => {
    await withReport(req.params.surveyId, res, (report, survey) => {
      res.attachment(`${survey.definition.id}-opendata-dizionario.csv`).send(openDataDictionaryCsv(report));
    });
  });

  return router;
}
