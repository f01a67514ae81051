import { readFileSync } from "node:fs";
import { join } from "node:path";
import ejs from "ejs";
import type { Catalogue } from "../surveys/schema.js";
import type { Report } from "./contract.js";
import { minimalLabels, type ReportLabels } from "./labels.js";
import { reportModel } from "./view.js";

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
  const css = STYLES.map((f) => readFileSync(join(ROOT, f), "utf8")).join("\n");
  return ejs.render(
    readFileSync(TEMPLATE, "utf8"),
    { ...model, offline: true, css, comuneName: options.comuneName },
    { filename: TEMPLATE },
  );
}
