import type { Report } from "./contract.js";
import { MIN_VIEW, parseReportFilters, REPORT_CHANNELS, type ReportFilter } from "./filters-policy.js";
import type { ReportLabels } from "./labels.js";
import type { ReportFilters } from "./types.js";
import { CHANNELS } from "./view.js";

/**
 * The comparison view: the ranking of two groups side by side. A group is one of the filters the
 * report itself offers (an age band, a quartiere, a channel) or everyone; nothing else can be asked
 * for, and a group smaller than the minimum view is named but not shown.
 */

/** The smallest group whose ranking is shown: the disclosure policy's minimum view size. */
export const MIN_GROUP = MIN_VIEW;

export interface GroupOption {
  value: string;
  label: string;
  filters: ReportFilters;
}

/**
 * Everyone, and each filtered view the report itself serves (its filters, one at a time),
 * named as the report's filter form names it; each option is checked against the policy's parser.
 */
export function groupOptions(
  labels: ReportLabels,
  choices: ReadonlyMap<string, ReadonlySet<string>>,
  filters: readonly ReportFilter[],
): GroupOption[] {
  const out: GroupOption[] = [{ value: "tutti", label: "Tutti i cittadini", filters: { groups: {} } }];
  for (const f of filters) {
    const values = f.variable === null ? [...REPORT_CHANNELS] : Object.keys(labels.variables[f.variable] ?? {});
    for (const value of values) {
      const parsed = parseReportFilters({ [f.param]: value }, choices, filters);
      if (!parsed.ok) continue;
      const name = f.variable === null ? (CHANNELS[value] ?? value) : labels.variables[f.variable][value];
      out.push({ value: `${f.param}:${value}`, label: `${f.label}: ${name}`, filters: parsed.filters });
    }
  }
  return out;
}

/** The two groups asked for, or null for a side not chosen; an unknown value is an error. */
export function parseComparison(
  query: Record<string, unknown>,
  options: GroupOption[],
): { a: GroupOption | null; b: GroupOption | null } | { error: string } {
  const pick = (key: string): GroupOption | null | undefined => {
    const v = query[key];
    if (v === undefined || v === "") return null;
    return typeof v === "string" ? options.find((o) => o.value === v) : undefined;
  };
  const a = pick("a");
  const b = pick("b");
  if (a === undefined || b === undefined)
    return { error: "Il gruppo scelto non è tra quelli che il rapporto permette di confrontare." };
  return { a, b };
}

export interface ComparedSide {
  option: GroupOption;
  shown: boolean;
  report: Report | null;
}

/** Each service admitted on either side, with its position on each (null: excluded or not shown). */
export function comparisonRows(
  a: ComparedSide,
  b: ComparedSide,
): Array<{ service: string; rankA: number | null; rankB: number | null }> {
  const rank = (side: ComparedSide) =>
    new Map((side.shown && side.report ? side.report.ranking : []).map((r) => [r.service, r.rank as number]));
  const ra = rank(a);
  const rb = rank(b);
  const services = [...new Set([...ra.keys(), ...rb.keys()])];
  const key = (s: string) => Math.min(ra.get(s) ?? Infinity, rb.get(s) ?? Infinity);
  return services
    .sort((x, y) => key(x) - key(y) || (ra.get(x) ?? Infinity) - (ra.get(y) ?? Infinity))
    .map((service) => ({ service, rankA: ra.get(service) ?? null, rankB: rb.get(service) ?? null }));
}
