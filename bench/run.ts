import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { generate, openBenchDb } from "./fixtures.js";
import { httpBench, type HttpFigures, type HttpOptions } from "./http-bench.js";
import { importBench, type ImportFigures } from "./import-bench.js";
import { reportBench, type ReportFigures, type ReportSize } from "./report-bench.js";
import { atLeast, mb, ms, rate, under, type Row } from "./table.js";

export interface BenchOptions extends HttpOptions {
  sizes: ReportSize[];
  replicates: number;
}

export const FULL: BenchOptions = {
  seconds: 10,
  warmup: 2,
  connections: 10,
  drafts: 20_000,
  sizes: [{ citizens: 1000, staff: 60 }, { citizens: 10_000, staff: 200 }, { citizens: 35_000, staff: 300 }],
  replicates: 1000,
};

export const TARGETS = { ratio: 0.5, reportMs: 2000, serverBytes: 200 * 1048576, importMs: 5000 };

export interface BenchResult {
  rows: Row[];
  http: HttpFigures;
  reports: ReportFigures[];
  csv: ImportFigures;
}

export function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "?";
  return `${availableParallelism()} CPU (${cpu}), Node ${process.version}, ${process.platform}`;
}

export const load = (): string => loadavg().map((x) => x.toFixed(2)).join(" ");

/** The whole benchmark in a temporary folder, removed at the end. */
export async function runBench(o: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "sportello-bench-"));
  try {
    const scratch = openBenchDb(join(dir, "people.db"));
    const people = generate(scratch.registry, { citizens: 2000, staff: 0, seed: 2 });
    scratch.db.$client.close();
    const http = await httpBench(dir, people, o, log);
    const { figures: reports, path } = await reportBench(dir, o.sizes, o.replicates, log);
    log(`esportazione e importazione CSV di ${o.sizes[o.sizes.length - 1].citizens} risposte…`);
    const csv = await importBench(dir, path);
    return { rows: rows(o, http, reports, csv), http, reports, csv };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rows(o: BenchOptions, h: HttpFigures, reports: ReportFigures[], csv: ImportFigures): Row[] {
  const ratio = (x: number) => x / h.hello.rps;
  const largest = reports[reports.length - 1];
  const out: Row[] = [
    { figure: "hello: requests/s (p99)", value: `${rate(h.hello.rps)} (${h.hello.p99} ms)` },
    { figure: "GET /s/cittadini: requests/s (p99)", value: `${rate(h.surveyPage.rps)} (${h.surveyPage.p99} ms)` },
    { figure: "  survey page ÷ hello", value: ratio(h.surveyPage.rps).toFixed(3), target: atLeast(ratio(h.surveyPage.rps), TARGETS.ratio, "≥ 0.5") },
    { figure: "GET /r/:token/p/esperienza: requests/s (p99)", value: `${rate(h.questionPage.rps)} (${h.questionPage.p99} ms)` },
    { figure: "  question page ÷ hello", value: ratio(h.questionPage.rps).toFixed(3), target: atLeast(ratio(h.questionPage.rps), TARGETS.ratio, "≥ 0.5") },
    { figure: "POST /r/:token/invia: submissions/s (p99)", value: `${rate(h.submit.rps)} (${h.submit.p99} ms)` },
    { figure: "  submission ÷ hello", value: ratio(h.submit.rps).toFixed(3), target: atLeast(ratio(h.submit.rps), TARGETS.ratio, "≥ 0.5") },
    { figure: `complete questionnaires over HTTP/s (${h.journeys.requestsPerQuestionnaire.toFixed(0)} requests each)`, value: rate(h.journeys.completes) },
    { figure: "  their requests/s (p99); ÷ hello", value: `${rate(h.journeys.rps)} (${h.journeys.p99.toFixed(0)} ms); ${ratio(h.journeys.rps).toFixed(3)}` },
    { figure: "server RSS: idle, peak under load", value: `${mb(h.serverIdleRss)}, ${mb(h.serverPeakRss)}`, target: under(h.serverPeakRss, TARGETS.serverBytes, "peak < 200 MB") },
    { figure: "  hello RSS peak (same tsx runtime)", value: mb(h.helloPeakRss) },
  ];
  for (const r of reports) {
    const big = r === largest;
    out.push({
      figure: `report ${r.citizens} citizens + ${r.staff} staff, ${o.replicates} replicates: loadReport`,
      value: ms(r.loadMs),
      ...(big ? { target: under(r.loadMs, TARGETS.reportMs, "< 2 s") } : {}),
    });
    out.push({ figure: "  db read; buildReport alone", value: `${ms(r.readMs)}; ${ms(r.buildMs)}` });
    out.push({ figure: "  report process RSS: before, peak", value: `${mb(r.rssBefore)}, ${mb(r.maxRss)}` });
  }
  out.push({ figure: `CSV import of ${csv.rows} rows (${mb(csv.bytes)})`, value: ms(csv.importMs), target: under(csv.importMs, TARGETS.importMs, "< 5 s") });
  out.push({ figure: "  CSV export of the same (export service)", value: ms(csv.exportMs) });
  out.push({ figure: "  fixture fill (repository, no validation)", value: reports.map((r) => ms(r.fillMs)).join(" + ") });
  return out;
}
