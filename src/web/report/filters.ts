import type { Response } from "express";
import { dimensionsOf } from "../../report/dimensions.js";
import {
  parseReportFilters,
  reportFilters,
  VIEW_NOT_SERVED,
  type FilterParse,
  type ReportFilter,
} from "../../report/filters-policy.js";
import { weightingChoices } from "../../report/load.js";
import type { Report } from "../../report/contract.js";
import type { ReportLabels } from "../../report/labels.js";
import { CHANNELS } from "../../report/view.js";
import type { LoadedSurvey } from "../../surveys/loader.js";

/**
 * `?quartiere=mombello`, `?eta=65_74` or `?canale=paper`: the documented filters only, one at a time,
 * values of the questionnaire only (src/report/filters-policy.ts). Anything else is refused before
 * any computation.
 */
export function parseFilters(query: Record<string, unknown>, survey: LoadedSurvey): FilterParse {
  return parseReportFilters(query, weightingChoices(survey), filtersOf(survey));
}

/** One field of the report's filter form: its options, the one in use selected. */
export interface FilterField {
  param: string;
  label: string;
  allLabel: string;
  options: { value: string; label: string; selected: boolean }[];
}

/** The filter form of a report view: one select per filter the survey's report offers. */
export function filterFields(survey: LoadedSurvey, report: Report, labels: ReportLabels): FilterField[] {
  return filtersOf(survey).map((f) => {
    const values = f.variable === null ? CHANNELS : (labels.variables[f.variable] ?? {});
    const current = f.variable === null ? report.filters.channel : report.filters.groups[f.variable];
    return {
      param: f.param,
      label: f.label,
      allLabel: f.allLabel,
      options: Object.entries(values).map(([value, label]) => ({ value, label, selected: current === value })),
    };
  });
}

/** The filters this survey's report offers: its area and age band (by their analysis dimension) and the channel. */
export function filtersOf(survey: LoadedSurvey): ReportFilter[] {
  return reportFilters(dimensionsOf(survey));
}

/** A refused view: 400 for a filter the report does not offer, 403 for a view under the minimum size. */
export function refuseView(res: Response, status: 400 | 403, message: string, format: "json" | "html" | "csv"): void {
  const title = status === 400 ? "Filtro non valido" : "Vista non pubblicata";
  if (format === "json") {
    res.status(status).json({ error: title, message });
    return;
  }
  if (format === "csv") {
    res.status(status).type("text/plain; charset=utf-8").send(`${title}: ${message}\n`);
    return;
  }
  res.status(status).render("error", { title, text: message, status });
}

export { VIEW_NOT_SERVED };
