import type { ReportFilters } from "./types.js";

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

/** The query parameters of the report: parameter → the weighting variable it filters on, or the channel. */
export const REPORT_FILTERS = [
  { param: "quartiere", variable: "quartiere", label: "Quartiere" },
  { param: "eta", variable: "eta", label: "Fascia d'età" },
  { param: "canale", variable: null, label: "Canale" },
] as const;

export const REPORT_CHANNELS = ["web", "kiosk", "paper", "import"] as const;

export type FilterParse = { ok: true; filters: ReportFilters } | { ok: false; message: string };

/**
 * The filters of a request, checked: a parameter of REPORT_FILTERS with a value the questionnaire
 * has (`choices`: variable → its choice values), at most MAX_FILTERS of them. An empty value means
 * «all». Other query parameters are not filters and are left to their pages (they never change the
 * figures). Anything else is refused with a message in Italian, before any computation.
 */
export function parseReportFilters(query: Record<string, unknown>, choices: ReadonlyMap<string, ReadonlySet<string>>): FilterParse {
  const groups: Record<string, string> = {};
  let channel: string | undefined;
  let used = 0;
  for (const f of REPORT_FILTERS) {
    const raw = query[f.param];
    if (raw === undefined || raw === "") continue;
    if (typeof raw !== "string") return { ok: false, message: `Il filtro «${f.param}» va indicato una sola volta.` };
    const allowed: ReadonlySet<string> | undefined = f.variable === null ? new Set<string>(REPORT_CHANNELS) : choices.get(f.variable);
    if (!allowed || !allowed.has(raw)) return { ok: false, message: `Il valore «${raw.slice(0, 40)}» non è tra quelli previsti per il filtro «${f.param}».` };
    used++;
    if (f.variable === null) channel = raw;
    else groups[f.variable] = raw;
  }
  if (used > MAX_FILTERS) {
    return { ok: false, message: "Il rapporto si può filtrare per un solo criterio alla volta (quartiere, fascia d'età o canale): le combinazioni riguarderebbero gruppi troppo piccoli." };
  }
  return { ok: true, filters: channel ? { groups, channel } : { groups } };
}

/** Whether a view of this many respondents (true and as published) may be served. */
export function viewServed(filtered: boolean, trueSize: number, publishedSize: number | null): boolean {
  if (!filtered) return true;
  return trueSize >= MIN_VIEW && publishedSize !== null && publishedSize >= MIN_VIEW;
}

export const VIEW_NOT_SERVED = `Questa vista del rapporto riguarda meno di ${MIN_VIEW} persone e non è pubblicata, per tutelare la riservatezza di chi ha risposto.`;
