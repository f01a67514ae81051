import { Router, type Response } from "express";
import type { Db } from "../db/client.js";
import type { Report } from "../report/build.js";
import { reportLabels } from "../report/labels.js";
import { loadReport, ReportUnavailable, staffSurveyFor } from "../report/load.js";
import { renderOfflineReport } from "../report/offline.js";
import { jsonForHtml, reportModel } from "../report/view.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { guarded } from "./access.js";
import { notFound } from "./errors.js";
import { parseFilters } from "./report-filters.js";

const STYLES = [{ href: "/static/css/report.css" }, { href: "/static/css/report-print.css", media: "print" }];
const SCRIPTS = ["/static/chart.js/chart.umd.js", "/static/js/report-charts.js"];

/** The filters back as a query string, so the download links keep the view being read. */
function queryOf(report: Report): string {
  const params = new URLSearchParams(report.filters.groups);
  if (report.filters.channel) params.set("canale", report.filters.channel);
  const q = params.toString();
  return q ? `?${q}` : "";
}

/**
 * The giunta's report as pages: the answer first, then the sections, and the same report as a
 * self-contained HTML file for reading offline. Both print only what the report object holds,
 * so the suppression applied when it was built holds here too.
 */
export function reportPagesRouter(db: Db, registry: SurveyRegistry, marginsFile: string, now: () => Date): Router {
  const router = Router();

  function load(surveyId: string, query: Record<string, unknown>) {
    const survey = registry.current(surveyId);
    if (!survey) throw notFound();
    try {
      const report = loadReport(db, registry, survey.definition.id, { marginsFile, filters: parseFilters(query), now: now() });
      return { report, labels: reportLabels(survey, staffSurveyFor(registry, survey)), catalogue: survey.catalogue };
    } catch (error) {
      if (error instanceof ReportUnavailable) throw notFound();
      throw error;
    }
  }

  guarded(router, "GET /reports/:surveyId", (req, res: Response) => {
    const { report, labels } = load(String(req.params.surveyId), req.query);
    const model = reportModel(report, labels);
    res.render("report/page", {
      ...model, offline: false, chartsJson: jsonForHtml(model.charts), query: queryOf(report), extraStyles: STYLES, extraScripts: SCRIPTS,
    });
  });

  guarded(router, "GET /reports/:surveyId/rapporto.html", (req, res: Response) => {
    const { report, labels, catalogue } = load(String(req.params.surveyId), req.query);
    const html = renderOfflineReport(report, catalogue, { comuneName: String(req.app.locals.comuneName ?? ""), labels });
    const day = report.generatedAt.slice(0, 10);
    res.set("Content-Type", "text/html; charset=utf-8");
    res.set("Content-Disposition", `attachment; filename="rapporto-${report.survey.id}-${day}.html"`);
    res.send(html);
  });

  return router;
}
