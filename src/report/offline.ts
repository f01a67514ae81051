import { readFileSync } from "node:fs";
import { join } from "node:path";
import ejs from "ejs";
import type { Catalogue } from "../surveys/schema.js";
import type { Report } from "./build.js";
import { minimalLabels, type ReportLabels } from "./labels.js";
import { lineSvg, scatterSvg } from "./svg.js";
import { reportModel } from "./view.js";
import { formatInteger, formatNumber, formatPercent } from "../web/format.js";

const ROOT = join(import.meta.dirname, "../..");
const TEMPLATE = join(ROOT, "views/report/offline.ejs");
/** Only the report's own rules: the offline file must not carry the whole Bootstrap Italia. */
const STYLES = ["views/report/offline.css", "public/css/report.css", "public/css/report-print.css"];

export interface OfflineOptions {
  comuneName: string;
  /** Names from the questionnaires (reportLabels); without them, the catalogue's names and readable codes. */
  labels?: ReportLabels;
}

/**
 * The report as one self-contained HTML file the giunta can open without a network: styles
 * inlined, charts drawn as SVG, no script at all. Same content as the page, from the same report
 * object, so the same cells are hidden.
 */
export function renderOfflineReport(report: Report, catalogue: Catalogue | undefined, options: OfflineOptions): string {
  const labels = options.labels ?? minimalLabels(catalogue);
  const model = reportModel(report, labels);
  const ipa = model.charts.ipa;
  const cov = model.charts.coverage;
  const svg = {
    ipa: scatterSvg({
      id: "svg-ipa",
      title: "Importanza e soddisfazione per servizio",
      description: "Grafico a dispersione: in orizzontale l'importanza media, in verticale la soddisfazione media; i dati sono nella tabella che segue.",
      xLabel: ipa.xLabel,
      yLabel: "Soddisfazione media (1–10)",
      points: ipa.points,
      xDomain: ipa.xDomain,
      yDomain: [1, 10],
      xLine: ipa.xLine,
      yLine: ipa.yLine,
      quadrants: ipa.quadrants,
      // A best–worst axis runs from −1 to 1: its ticks need a decimal.
      format: (v) => formatNumber(v, ipa.xDomain[0] < 0 ? 1 : 0),
    }),
    coverage: lineSvg({
      id: "svg-copertura",
      title: "Copertura dello Sportello secondo il numero di servizi",
      description: "Curva: per ogni numero di servizi allo Sportello, la quota di cittadini serviti del tutto e la quota di contatti gestiti; i dati sono nella tabella che segue.",
      xLabel: "Servizi allo Sportello (k)",
      yLabel: "Quota",
      series: [
        { name: "Cittadini serviti del tutto", points: cov.k.map((k, i) => ({ x: k, y: cov.full[i] })) },
        { name: "Contatti gestiti", points: cov.k.map((k, i) => ({ x: k, y: cov.contacts[i] })), dashed: true },
        { name: "Sportello migliore: cittadini serviti del tutto", points: cov.k.map((k, i) => ({ x: k, y: cov.best[i] })), dashed: true },
      ],
      xDomain: [1, Math.max(2, cov.k.length)],
      xTicks: cov.k,
      yDomain: [0, 1],
      format: (v) => formatPercent(v, 0),
      formatX: (v) => formatInteger(v),
    }),
  };
  const css = STYLES.map((f) => readFileSync(join(ROOT, f), "utf8")).join("\n");
  return ejs.render(readFileSync(TEMPLATE, "utf8"), { ...model, offline: true, svg, css, comuneName: options.comuneName }, { filename: TEMPLATE });
}
