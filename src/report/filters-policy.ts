import type { ReportFilters } from "./types.js";
import { CHANNELS } from "../surveys/vocabulary.js";
import type { DimensionVariable } from "./dimensions.js";

/**
 * Which filtered views of the report may be served (docs/disclosure-policy.md, «Viste filtrate»).
 * One module, so the pages, the JSON, the offline file, the cache and the tests all read the same
 * rule: the documented filters only, one at a time, values from the questionnaire only, and no view
 * of fewer than MIN_VIEW respondents.
 */

/** A filtered view smaller than this (true or perturbed count of its respondents) is not served. */
export const MIN_VIEW = 20;

/** Filters combined in one view: one. Two crossed filters make cells of a handful of people. */
export const MAX_FILTERS = 1;

/** A filter of the report: a query parameter and the weighting variable it filters on (null: the channel). */
export interface ReportFilter {
  param: string;
  variable: string | null;
  label: string;
  /** The form's first option, the view without this filter («Tutti i quartieri»). */
  allLabel: string;
}

const ALL_LABELS: Readonly<Record<DimensionVariable["dimension"], string>> = {
  area: "Tutti i quartieri",
  age: "Tutte le età",
  sex: "Tutti",
};

/**
 * The filters a report offers: the area and the age band the questionnaire marks
 * (`analysis.dimension`), each by its margin variable's name, and the channel.
 */
export function reportFilters(dimensions: readonly DimensionVariable[]): ReportFilter[] {
  const byDimension = dimensions.filter((d) => d.dimension === "area" || d.dimension === "age");
  return [
    ...byDimension.map((d) => ({
      param: d.variable,
      variable: d.variable,
      label: d.label,
      allLabel: ALL_LABELS[d.dimension],
    })),
    { param: "canale", variable: null, label: "Canale", allLabel: "Tutti i canali" },
  ];
}

/** The channels a report may be filtered by: all of them. */
export const REPORT_CHANNELS = CHANNELS;

export type FilterParse = { ok: true; filters: ReportFilters } | { ok: false; message: string };

/**
 * The filters of a request, checked: a parameter of the report's filters with a value the questionnaire
 * has (`choices`: variable → its choice values), at most MAX_FILTERS of them. An empty value means
 * «all». Other query parameters are not filters and are left to their pages (they never change the
 * figures). Anything else is refused with a message in Italian, before any computation.
 */
export function parseReportFilters(
  query: Record<string, unknown>,
  choices: ReadonlyMap<string, ReadonlySet<string>>,
  filters: readonly ReportFilter[],
): FilterParse {
  const groups: Record<string, string> = {};
  let channel: string | undefined;
  let used = 0;
  for (const f of filters) {
    const raw = query[f.param];
    if (raw === undefined || raw === "") continue;
    if (typeof raw !== "string") return { ok: false, message: `Il filtro «${f.param}» va indicato una sola volta.` };
    const allowed: ReadonlySet<string> | undefined =
      f.variable === null ? new Set<string>(REPORT_CHANNELS) : choices.get(f.variable);
    if (!allowed || !allowed.has(raw))
      return {
        ok: false,
        message: `Il valore «${raw.slice(0, 40)}» non è tra quelli previsti per il filtro «${f.param}».`,
      };
    used++;
    if (f.variable === null) channel = raw;
    else groups[f.variable] = raw;
  }
  if (used > MAX_FILTERS) {
    const labels = filters.map((f) => f.label.toLowerCase());
    const names = labels.length > 1 ? `${labels.slice(0, -1).join(", ")} o ${labels.at(-1)}` : labels.join("");
    return {
      ok: false,
      message: `Il rapporto si può filtrare per un solo criterio alla volta (${names}): le combinazioni riguarderebbero gruppi troppo piccoli.`,
    };
  }
  return { ok: true, filters: channel ? { groups, channel } : { groups } };
}

/** Whether a view of this many respondents (true and as published) may be served. */
export function viewServed(filtered: boolean, trueSize: number, publishedSize: number | null): boolean {
  if (!filtered) return true;
  return trueSize >= MIN_VIEW && publishedSize !== null && publishedSize >= MIN_VIEW;
}

export const VIEW_NOT_SERVED = `Questa vista del rapporto riguarda meno di ${MIN_VIEW} persone e non è pubblicata, per tutelare la riservatezza di chi ha risposto.`;
