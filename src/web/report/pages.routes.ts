import { Router, type Response } from "express";
import type { Report } from "../../report/contract.js";
import { reportLabels } from "../../report/labels.js";
import { staffSurveyFor } from "../../report/load.js";
import type { ReportService } from "../../report/service.js";
import { renderOfflineReport } from "../../report/offline.js";
import { jsonForHtml, reportModel } from "../../report/view.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { notFound } from "../common/errors.js";
import { filterFields, parseFilters, refuseView, VIEW_NOT_SERVED } from "./filters.js";
import { serveReport } from "./serve.js";

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
export function reportPagesRouter(registry: SurveyRegistry, reports: ReportService): Router {
  const router = Router();

  /** The report of a view, or null when the answer is already sent (refused, or still being prepared). */
  async function load(surveyId: string, query: Record<string, unknown>, res: Response, format: "html" | "file") {
    const survey = registry.current(surveyId);
    if (!survey) throw notFound();
    const filters = parseFilters(query, survey);
    if (!filters.ok) return (refuseView(res, 400, filters.message, "html"), null);
    const served = await serveReport(reports, survey.definition.id, filters.filters, res, format);
    if (!served) return null;
    if (!served.report.view.served) return (refuseView(res, 403, VIEW_NOT_SERVED, "html"), null);
    const labels = reportLabels(survey, staffSurveyFor(registry, survey));
    return {
      ...served,
      labels,
      catalogue: survey.catalogue,
      filterFields: filterFields(survey, served.report, labels),
    };
  }

  guarded(router, "GET /reports/:surveyId", async (req, res: Response) => {
    const loaded = await load(String(req.params.surveyId), req.query, res, "html");
    if (!loaded) return;
    const { report, labels, updating, filterFields: fields } = loaded;
    const model = reportModel(report, labels);
    res.render("report/page", {
      ...model,
      filterFields: fields,
      offline: false,
      updating,
      chartsJson: jsonForHtml(model.charts),
      query: queryOf(report),
      extraStyles: STYLES,
      extraScripts: SCRIPTS,
    });
  });

  guarded(router, "GET /reports/:surveyId/rapporto.html", async (req, res: Response) => {
    const loaded = await load(String(req.params.surveyId), req.query, res, "file");
    if (!loaded) return;
    const { report, labels, catalogue } = loaded;
    const html = renderOfflineReport(report, catalogue, {
      comuneName: String(res.locals.comuneName ?? req.app.locals.comuneName ?? ""),
      labels,
    });
    const day = report.generatedAt.slice(0, 10);
    res.set("Content-Type", "text/html; charset=utf-8");
    res.set("Content-Disposition", `attachment; filename="rapporto-${report.survey.id}-${day}.html"`);
    res.send(html);
  });

  return router;
}
