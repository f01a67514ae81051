import { Router, type Response } from "express";
import type { Db } from "../db/client.js";
import type { Report } from "../report/build.js";
import { loadReport, ReportUnavailable } from "../report/load.js";
import { openDataCsv, openDataDictionaryCsv, openDataLabels } from "../report/opendata.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { guarded } from "./access.js";
import { notFound } from "./errors.js";

/**
 * The open-data package: the report's published aggregates as CSV, and its data dictionary.
 * Always the whole sample (no filters): a reuser gets the figures the giunta read.
 */
export function reportOpenDataRouter(db: Db, registry: SurveyRegistry, marginsFile: string, now: () => Date): Router {
  const router = Router();

  const withReport = (surveyId: unknown, res: Response, send: (report: Report, survey: LoadedSurvey) => void): void => {
    const survey = registry.current(String(surveyId));
    if (!survey) throw notFound();
    let report: Report;
    try {
      report = loadReport(db, registry, survey.definition.id, { marginsFile, now: now() });
    } catch (error) {
      if (error instanceof ReportUnavailable) throw notFound();
      throw error;
    }
    res.type("text/csv; charset=utf-8");
    send(report, survey);
  };

  guarded(router, "GET /reports/:surveyId/opendata.csv", (req, res) => {
    withReport(req.params.surveyId, res, (report, survey) => {
      res.attachment(`${survey.definition.id}-opendata.csv`).send(openDataCsv(report, openDataLabels(survey)));
    });
  });

  guarded(router, "GET /reports/:surveyId/opendata-dizionario.csv", (req, res) => {
    withReport(req.params.surveyId, res, (report, survey) => {
      res.attachment(`${survey.definition.id}-opendata-dizionario.csv`).send(openDataDictionaryCsv(report));
    });
  });

  return router;
}
