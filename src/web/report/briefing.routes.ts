import { Router, type Response } from "express";
import { briefingModel } from "../../report/briefing.js";
import {
  groupOptions,
  MIN_GROUP,
  parseComparison,
  type ComparedSide,
  type GroupOption,
} from "../../report/comparison.js";
import { reportLabels, type ReportLabels } from "../../report/labels.js";
import { staffSurveyFor, weightingChoices } from "../../report/load.js";
import type { ReportService } from "../../report/service.js";
import { helpers } from "../../report/view.js";
import { compareView } from "../../report/compare-view.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { guarded } from "../common/access.js";
import { notFound } from "../common/errors.js";
import { filtersOf, parseFilters, refuseView, VIEW_NOT_SERVED } from "./filters.js";
import { serveReport } from "./serve.js";

const STYLES = [{ href: "/static/css/report.css" }, { href: "/static/css/report-print.css", media: "print" }];

/**
 * The one-page briefing for the council meeting, and the comparison of two groups side by side.
 * Both show finished reports of the report service (never computed here), so the same figures are
 * hidden as on the report.
 */
export function reportBriefingRouter(registry: SurveyRegistry, reports: ReportService): Router {
  const router = Router();

  function surveyOf(id: string): { survey: LoadedSurvey; labels: ReportLabels } {
    const survey = registry.current(id);
    if (!survey) throw notFound();
    return { survey, labels: reportLabels(survey, staffSurveyFor(registry, survey)) };
  }

  guarded(router, "GET /reports/:surveyId/sintesi", async (req, res: Response) => {
    const { survey, labels } = surveyOf(String(req.params.surveyId));
    const filters = parseFilters(req.query, survey);
    if (!filters.ok) return refuseView(res, 400, filters.message, "html");
    const served = await serveReport(reports, survey.definition.id, filters.filters, res, "html");
    if (!served) return;
    if (!served.report.view.served) return refuseView(res, 403, VIEW_NOT_SERVED, "html");
    res.render("report/sintesi-page", {
      ...briefingModel(served.report, labels, { full: `/reports/${survey.definition.id}` }),
      updating: served.updating,
      comuneName: String(res.locals.comuneName ?? req.app.locals.comuneName ?? ""),
      extraStyles: [...STYLES, { href: "/static/css/report-sintesi.css" }],
    });
  });

  guarded(router, "GET /reports/:surveyId/confronto", async (req, res: Response) => {
    const { survey, labels } = surveyOf(String(req.params.surveyId));
    const options = groupOptions(labels, weightingChoices(survey), filtersOf(survey));
    const asked = parseComparison(req.query, options);
    // Each side is a view of the report service; a side still being prepared answers «in preparazione».
    const side = async (option: GroupOption | null): Promise<ComparedSide | null | "sent"> => {
      if (!option) return null;
      const served = await serveReport(reports, survey.definition.id, option.filters, res, "html");
      if (!served) return "sent";
      // A group the policy does not serve (under the minimum view) is named, not shown.
      const shown = served.report.view.served && !served.report.responses.tooFew;
      return { option, shown, report: shown ? served.report : null };
    };
    if ("error" in asked) {
      res.status(400);
      return res.render("report/confronto", {
        ...compareView(survey.definition, options, null, null, helpers(labels)),
        error: asked.error,
        minGroup: MIN_GROUP,
        extraStyles: STYLES,
      });
    }
    if (!asked.a || !asked.b) {
      // The form alone; still a 404 for a survey without a report.
      if (!(await serveReport(reports, survey.definition.id, { groups: {} }, res, "html"))) return;
    }
    const a = await side(asked.a);
    if (a === "sent") return;
    const b = await side(asked.b);
    if (b === "sent") return;
    res.render("report/confronto", {
      ...compareView(survey.definition, options, a, b, helpers(labels)),
      error: null,
      minGroup: MIN_GROUP,
      extraStyles: STYLES,
    });
  });

  return router;
}
