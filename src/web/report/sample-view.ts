import { MARGINS_OF_ERROR, type sampleStatus } from "../../report/sample-status.js";
import type { TableRow } from "../common/table.js";
import { MIN_CELL } from "../../analysis/suppression.js";
import { formatDecimal, formatInteger, formatPercent } from "../../format/italian.js";

type SampleStatus = ReturnType<typeof sampleStatus>;

/** The fieldwork panel's figures as the page prints them (views/admin/report-sample.ejs). */
export interface SampleView {
  totalText: string;
  /** The population the sample sizes are for (the margins' total), «29.300». */
  populationText: string;
  /** The smallest group shown in detail, «5». */
  minCellText: string;
  /** The radio buttons of the target: ± 5, 4, 3 points, the one in use checked. */
  marginChoices: { value: number; checked: boolean }[];
  /** Why there is no comparison with the census: one sentence, or the margins file's problems. */
  problemText: string | null;
  problemLines: string[];
  /** « (oggi 1,23)» after the design effect, when it is known. */
  deffText: string;
  targetRows: TableRow[];
  targetSizeText: string;
  /** «3 gruppi sono sotto il loro obiettivo», or null when none is. */
  shortGroupsText: string | null;
  groupRows: { variable: string; category: string; short: boolean; cells: string[] }[];
  dayRows: TableRow[];
}

// Italian numbers as the report writes them (1.234).
const integer = formatInteger;
const percent = (x: number | null): string => (x === null ? "—" : formatPercent(x));
const BOUND = { exact: "", atLeast: "almeno ", atMost: "al più " } as const;

export function sampleView(
  status: SampleStatus | null,
  problem: string | string[] | null,
  days: readonly { day: string; label: string; count: number; cumulative: number }[],
  total: number,
): SampleView {
  return {
    totalText: integer(total),
    populationText: status ? integer(status.population) : "",
    minCellText: integer(MIN_CELL),
    marginChoices: MARGINS_OF_ERROR.map((m) => ({ value: m, checked: m === status?.margin })),
    problemText: typeof problem === "string" ? problem : null,
    problemLines: Array.isArray(problem) ? problem : [],
    deffText: status?.deff != null ? ` (oggi ${formatDecimal(status.deff, 2)})` : "",
    targetRows: (status?.targets ?? []).map((t) => ({
      head: `± ${t.margin} %`,
      cells: [integer(t.base), integer(t.needed), integer(Math.max(0, t.needed - status!.responses))],
    })),
    targetSizeText: status ? integer(status.targetSize) : "",
    shortGroupsText: !status?.shortGroups
      ? null
      : status.shortGroups === 1
        ? "1 gruppo è sotto il suo obiettivo"
        : `${status.shortGroups} gruppi sono sotto il loro obiettivo`,
    groupRows: (status?.groups ?? []).map((g) => ({
      variable: g.variable,
      category: g.category,
      short: g.short,
      cells: [
        percent(g.populationShare),
        g.count !== null ? integer(g.count) : g.fewerThan5 ? `meno di ${MIN_CELL}` : "non mostrato",
        percent(g.sampleShare),
        integer(g.target),
        `${BOUND[g.missingBound]}${integer(g.missing)}`,
      ],
    })),
    dayRows: days.map((d) => ({ head: d.label, datetime: d.day, cells: [integer(d.count), integer(d.cumulative)] })),
  };
}
