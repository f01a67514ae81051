import { readFileSync } from "node:fs";
import { join } from "node:path";
import ejs from "ejs";
import { formatNumber } from "../format/italian.js";
import type { Report } from "./contract.js";
import { barsSvg } from "./bars-svg.js";
import type { ReportLabels } from "./labels.js";
import { reportModel, type ReportModel } from "./view.js";

const ROOT = join(import.meta.dirname, "../..");
const TEMPLATE = join(ROOT, "views/report/sintesi.ejs");
const STYLES = ["views/report/offline.css", "public/css/report.css", "public/css/report-sintesi.css"];

/** How often the first k change when one weight moves by ±20 %, and which services enter. */
export function firstKChanges(model: ReportModel): { changed: number; of: number; entering: string[] } {
  const changed = model.sensitivity.filter((s) => s.entering.length > 0);
  return {
    changed: changed.length,
    of: model.sensitivity.length,
    entering: [...new Set(changed.flatMap((s) => s.entering))],
  };
}

/** The one chart of the briefing: the score of the first k beside the excluded that would rank. */
function scoreChart(model: ReportModel): string {
  const bars = [
    ...model.top.map((r) => ({ label: model.h.service(r.service), value: r.score, excluded: false })),
    ...model.wouldRank.map((w) => ({
      label: model.h.service(w.ranked.service),
      value: w.ranked.score,
      excluded: true,
    })),
  ]
    .filter((b): b is { label: string; value: number; excluded: boolean } => typeof b.value === "number")
    .sort((a, b) => b.value - a.value);
  return barsSvg({
    id: "svg-punteggi",
    title: "Punteggio dei servizi consigliati e degli esclusi che sarebbero tra loro",
    description:
      "Barre orizzontali, una per servizio, lunghe quanto il punteggio (da 0 a 1); le barre tratteggiate sono i servizi esclusi perché richiedono uno specialista. I valori sono negli elenchi qui sopra.",
    bars,
    format: (v) => formatNumber(v, 2),
  });
}

/**
 * The one-page briefing for the council meeting: the answer, the caveats and one chart, as one
 * self-contained HTML page that prints on one A4 sheet (no script, styles inlined).
 */
export function renderBriefing(report: Report, labels: ReportLabels, comuneName: string): string {
  const css = STYLES.map((f) => readFileSync(join(ROOT, f), "utf8")).join("\n");
  return ejs.render(
    readFileSync(TEMPLATE, "utf8"),
    { ...briefingModel(report, labels, {}), css, comuneName },
    { filename: TEMPLATE },
  );
}

/** What the briefing's templates need (the page in the app renders it inside its own layout). */
export function briefingModel(report: Report, labels: ReportLabels, links: { full?: string }) {
  const model = reportModel(report, labels);
  return { ...model, links, changes: firstKChanges(model), chart: model.tooFew ? "" : scoreChart(model) };
}
