import { certaintyShort } from "./answer.js";
import { comparisonRows, type ComparedSide, type GroupOption } from "./comparison.js";
import type { Helpers } from "./view.js";

/** One side of the comparison: its group's name and, when shown, its first k services. */
export interface CompareSideView {
  key: "a" | "b";
  label: string;
  /** Null when the group is too small to show. */
  shown: {
    answersHtml: string;
    topK: number;
    top: { service: string; name: string; level: string; words: string; share: string | null }[];
  } | null;
}

/** What views/report/confronto.ejs prints: the two choosers, the two sides and the positions side by side. */
export interface CompareView {
  title: string;
  reportHref: string;
  action: string;
  surveyTitle: string;
  /** The smallest count published («5»), for the note on hidden figures. */
  minCellText: string;
  /** The two choosers, each with every group and the chosen one marked. */
  pickers: { key: "a" | "b"; label: string; options: { value: string; label: string; selected: boolean }[] }[];
  /** Both sides, when two groups were chosen. */
  sides: CompareSideView[] | null;
  /** The heading of each side's column and each admitted service's position in both groups. */
  table: { headA: string; headB: string; rows: { name: string; a: string; b: string }[] } | null;
}

export function compareView(
  survey: { id: string; title: { it: string } },
  options: readonly GroupOption[],
  a: ComparedSide | null,
  b: ComparedSide | null,
  h: Helpers,
): CompareView {
  const picker = (key: "a" | "b", label: string, side: ComparedSide | null) => ({
    key,
    label,
    options: options.map((o) => ({ value: o.value, label: o.label, selected: side?.option.value === o.value })),
  });
  const sideView = (key: "a" | "b", side: ComparedSide): CompareSideView => {
    const r = side.report;
    if (!side.shown || !r) return { key, label: side.option.label, shown: null };
    const k = r.settings.topK;
    return {
      key,
      label: side.option.label,
      shown: {
        answersHtml: h.answers(r.responses.used, "cittadini"),
        topK: k,
        top: r.ranking.slice(0, k).map((s) => {
          const c = certaintyShort(s);
          return { service: s.service, name: h.service(s.service), level: c.level, words: c.words, share: c.number };
        }),
      },
    };
  };
  const position = (rank: number | null, side: ComparedSide): string =>
    rank !== null ? h.ord(rank) : side.shown ? "escluso" : "—";
  const rows = a && b ? comparisonRows(a, b) : [];
  return {
    title: `Confronto tra due gruppi · ${survey.title.it}`,
    reportHref: `/reports/${survey.id}`,
    action: `/reports/${survey.id}/confronto`,
    surveyTitle: survey.title.it,
    minCellText: h.minCell,
    pickers: [picker("a", "Primo gruppo", a), picker("b", "Secondo gruppo", b)],
    sides: a && b ? [sideView("a", a), sideView("b", b)] : null,
    table:
      a && b && rows.length
        ? {
            headA: a.option.label,
            headB: b.option.label,
            rows: rows.map((row) => ({
              name: h.service(row.service),
              a: position(row.rankA, a),
              b: position(row.rankB, b),
            })),
          }
        : null,
  };
}
