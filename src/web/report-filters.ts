import type { Response } from "express";
import { parseReportFilters, VIEW_NOT_SERVED, type FilterParse } from "../report/filters-policy.js";
import { weightingChoices } from "../report/load.js";
import type { LoadedSurvey } from "../surveys/loader.js";

/**
 * `?quartiere=mombello`, `?eta=65_74` or `?canale=paper`: the documented filters only, one at a time,
 * values of the questionnaire only (src/report/filters-policy.ts). Anything else is refused before
 * any computation.
 */
export function parseFilters(query: Record<string, unknown>, survey: LoadedSurvey): FilterParse {
  return parseReportFilters(query, weightingChoices(survey));
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
