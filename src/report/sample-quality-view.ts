import type { Report } from "./contract.js";
import type { Helpers } from "./view.js";

/** A census category's row: its shares in Italian format, the sample's cells as HTML (withheld or counted). */
export interface SampleRowView {
  variable: string;
  category: string;
  /** Under 80 % of its population share: the row is highlighted and flagged. */
  short: boolean;
  population: string;
  populationShare: string;
  countHtml: string;
  sampleShareHtml: string;
  weightedShareHtml: string;
}

/** What views/report/staff-sample.ejs prints: the sample against the census, then the data quality. */
export interface SampleQualityView {
  /** There are margins to compare the sample with. */
  hasSample: boolean;
  /** How many groups are under-represented (the template says so, or that none is). */
  shortCount: number;
  /** The margins file the caption names («» without margins). */
  file: string;
  rows: SampleRowView[];
  quality: {
    /** Whether the flagged responses are left out of the estimates, as the end of a sentence. */
    excludedNote: string;
    speedersHtml: string;
    /** «, che è di 1,2 minuti» after the rule, or «» when there is no timed response. */
    median: string;
    untimedHtml: string;
    /** What the straight-lining check looks at: best–worst positions or the importance grid. */
    straightLabel: string;
    straightHtml: string;
    duplicatesHtml: string;
    excludedHtml: string;
  };
}

export function sampleQualityView(report: Report, h: Helpers): SampleQualityView {
  const short = report.sample.filter((s) => s.short).length;
  const q = report.quality;
  const share = (x: number | null): string => h.value(x, (v) => h.pct(v, 1));
  return {
    hasSample: report.sample.length > 0,
    shortCount: short,
    file: report.margins ? report.margins.file : "",
    rows: report.sample.map((s) => ({
      variable: h.variable(s.variable),
      category: h.category(s.variable, s.category),
      short: s.short,
      population: h.int(s.population),
      populationShare: h.pct(s.populationShare, 1),
      countHtml: h.count(s.sampleCount),
      sampleShareHtml: share(s.sampleShare),
      weightedShareHtml: share(s.weightedShare),
    })),
    quality: {
      excludedNote: q.excluded
        ? "in questo rapporto sono escluse dalle stime."
        : "in questo rapporto non sono escluse: restano nelle stime (l'amministratore può escluderle nelle impostazioni).",
      speedersHtml: h.count(q.speeders.count),
      median: q.speeders.medianSeconds ? `, che è di ${h.num(q.speeders.medianSeconds / 60, 1)} minuti` : "",
      untimedHtml: h.count(q.speeders.untimed),
      straightLabel: report.bestWorst
        ? "Risposte date per posizione (sempre le stesse caselle in ogni gruppo di servizi)"
        : "Risposte tutte uguali nella griglia dell'importanza",
      straightHtml: h.count(q.straightLiners.count),
      duplicatesHtml: h.count(q.duplicates.count),
      excludedHtml: h.count(report.responses.excluded),
    },
  };
}
