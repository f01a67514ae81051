import type { Report } from "./contract.js";
import type { Helpers } from "./view.js";

/** A quadrant of the importance–satisfaction chart, as the legend names it. */
export interface QuadrantText {
  name: string;
  hint: string;
}

/** What views/report/charts.ejs prints around the two charts: their tables and the sentences that read them. */
export interface ChartsView {
  /** How importance is measured: a best–worst score or a mean mark. */
  importanceScale: string;
  /** « (importanza 6,1, soddisfazione 7,2)» where the quadrant lines are, or «» without them. */
  lines: string;
  /** The quadrant of the services to improve first. */
  focus: string;
  /** The chart's points, numbered as in the chart. */
  ipa: { number: number; name: string; importance: string; satisfaction: string; quadrant: string }[];
  legend: QuadrantText[];
  /** Whom the coverage shares are of, or null when the report does not say. */
  coverageBase: { answersHtml: string; share: string | null } | null;
  /** The coverage curve's points; the shares are HTML (a withheld one is its marker). */
  coverage: {
    k: number;
    added: string;
    fullHtml: string;
    contactsHtml: string;
    bestFullHtml: string;
    bestContactsHtml: string;
  }[];
}

export function chartsView(
  report: Report,
  h: Helpers,
  quadrants: Readonly<Record<string, QuadrantText>>,
  points: Report["ipa"]["points"],
): ChartsView {
  const { importanceLine, satisfactionLine } = report.ipa;
  const share = (x: number | null | undefined): string => h.value(x, (v) => h.pct(v, 1));
  const base = report.coverageBase;
  return {
    importanceScale: report.bestWorst
      ? "punteggio «più importante meno meno importante», da −1 a 1"
      : "voto medio da 1 a 10",
    lines:
      importanceLine !== null && satisfactionLine !== null
        ? ` (importanza ${h.num(importanceLine, 1)}, soddisfazione ${h.num(satisfactionLine, 1)})`
        : "",
    focus: quadrants["concentrate here"].name,
    ipa: points.map((p, i) => ({
      number: i + 1,
      name: h.service(p.service),
      importance: h.num(p.importance!, report.bestWorst ? 2 : 1),
      satisfaction: h.num(p.satisfaction!, 1),
      quadrant: p.quadrant ? quadrants[p.quadrant].name : "—",
    })),
    legend: Object.values(quadrants),
    coverageBase: base
      ? {
          answersHtml: h.answers(base.citizens),
          share: base.citizensShare !== null ? h.pct(base.citizensShare, 1) : null,
        }
      : null,
    coverage: report.coverage.map((c) => ({
      k: c.k,
      added: h.service(c.services[c.services.length - 1]),
      fullHtml: share(c.citizensFullyServed),
      contactsHtml: share(c.contactsHandled),
      bestFullHtml: share(c.best.citizensFullyServed),
      bestContactsHtml: share(c.best.contactsHandled),
    })),
  };
}
