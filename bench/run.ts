import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { generate, openBenchDb } from "./fixtures.js";
import { httpBench, type HttpFigures, type HttpOptions } from "./http-bench.js";
import { importBench, type ImportFigures } from "./import-bench.js";
import { postgresBench, type PostgresFigures } from "./postgres-bench.js";
import { busyBench, type BusyFigures, type Latencies } from "./busy-bench.js";
import { cliReportMs, compiledCliReport, rBaseline, type RFigures } from "./baselines.js";
import { compileProduct } from "./compiled.js";
import { reportBench, type ReportFigures, type ReportSize } from "./report-bench.js";
import { atLeast, mb, ms, rate, under, type Row } from "./table.js";
import type { LoadFigures } from "./load.js";

export interface BenchOptions extends HttpOptions {
  sizes: ReportSize[];
  replicates: number;
  /** Drafts sent in each PostgreSQL run (fewer than on SQLite: each is prepared through the pool). */
  postgresDrafts: number;
}

export const FULL: BenchOptions = {
  seconds: 10,
  warmup: 2,
  connections: 10,
  drafts: 10_000,
  sizes: [
    { citizens: 1000, staff: 60 },
    { citizens: 10_000, staff: 200 },
    { citizens: 35_000, staff: 300 },
  ],
  replicates: 1000,
  postgresDrafts: 3000,
};

/** The PostgreSQL runs: one app node, then two on one database. */
const POSTGRES_NODES = [1, 2];

/** Issue 13's targets (and issue 5's for the survey page and the server's memory, which 13 keeps). */
export const TARGETS = {
  surveyPageRatio: 0.5,
  questionPageRatio: 0.3,
  submitRatio: 0.2,
  serverBytes: 200 * 1048576,
  reportMs: 2000,
  rRatio: 0.1,
  smallReportMs: 150,
  reportBytes: 300 * 1048576,
  busyP99Ms: 100,
  importMs: 5000,
};

export interface BenchResult {
  rows: Row[];
  http: HttpFigures;
  postgres: PostgresFigures;
  reports: ReportFigures[];
  csv: ImportFigures;
  busy: BusyFigures;
  /** `npm run cli` (tsx). */
  cliMs: number;
  /** `node dist/cli/main.js`, as in production (time and the process's peak memory): the figures the targets apply to. */
  compiledCli: { ms: number; maxRss: number };
  r: RFigures | { failed: string } | null;
}

export function machine(): string {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "?";
  return `${availableParallelism()} CPU (${cpu}), Node ${process.version}, ${process.platform}`;
}

export const load = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");

/** The whole benchmark in a temporary folder, removed at the end. */
export async function runBench(o: BenchOptions, log: (line: string) => void): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "sportello-bench-"));
  try {
    const scratch = openBenchDb(join(dir, "people.db"));
    const people = generate(scratch.registry, { citizens: 2000, staff: 0, seed: 2 });
    scratch.db.$client.close();
    log("compilazione del prodotto (tsc e risorse delle pagine, come npm run build)…");
    const build = compileProduct(dir);
    const http = await httpBench(dir, build, people, o, log);
    const postgres = await postgresBench(build, people, { ...o, drafts: o.postgresDrafts }, POSTGRES_NODES, log);
    const { figures: reports, path } = await reportBench(dir, o.sizes, o.replicates, log);
    log("il comando report della riga di comando, processo intero…");
    const cliMs = await cliReportMs(path);
    const compiledCli = await compiledCliReport(path, build);
    const busy = await busyBench(path, build, people, log);
    log(`esportazione e importazione CSV di ${o.sizes[o.sizes.length - 1].citizens} risposte…`);
    const csv = await importBench(dir, path);
    log("R (survey): rake e svymean sulla stessa esportazione…");
    const r = await rBaseline(csv.file);
    const result = { http, postgres, reports, csv, busy, cliMs, compiledCli, r };
    return { rows: rows(o, result), ...result };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function rows(
  o: BenchOptions,
  { http: h, postgres, reports, csv, busy, cliMs, compiledCli, r }: Omit<BenchResult, "rows">,
): Row[] {
  const ratio = (x: number) => x / h.hello.rps;
  const largest = reports[reports.length - 1];
  const out: Row[] = [
    { figure: "hello: requests/s (p99)", value: `${rate(h.hello.rps)} (${h.hello.p99} ms)` },
    { figure: "GET /s/cittadini: requests/s (p99)", value: `${rate(h.surveyPage.rps)} (${h.surveyPage.p99} ms)` },
    {
      figure: "  survey page ÷ hello",
      value: ratio(h.surveyPage.rps).toFixed(3),
      target: atLeast(ratio(h.surveyPage.rps), TARGETS.surveyPageRatio, "≥ 0.5"),
    },
    {
      figure: "GET /r/:token/p/esperienza: requests/s (p99)",
      value: `${rate(h.questionPage.rps)} (${h.questionPage.p99} ms)`,
    },
    {
      figure: "  question page ÷ hello",
      value: ratio(h.questionPage.rps).toFixed(3),
      target: atLeast(ratio(h.questionPage.rps), TARGETS.questionPageRatio, "≥ 0.3"),
    },
    { figure: "POST /r/:token/invia: submissions/s (p99)", value: `${rate(h.submit.rps)} (${h.submit.p99} ms)` },
    {
      figure: "  submission ÷ hello",
      value: ratio(h.submit.rps).toFixed(3),
      target: atLeast(ratio(h.submit.rps), TARGETS.submitRatio, "≥ 0.2"),
    },
    {
      figure: `complete questionnaires over HTTP/s (${h.journeys.requestsPerQuestionnaire.toFixed(0)} requests each)`,
      value: rate(h.journeys.completes),
    },
    {
      figure: "  their requests/s (p99); ÷ hello",
      value: `${rate(h.journeys.rps)} (${h.journeys.p99.toFixed(0)} ms); ${ratio(h.journeys.rps).toFixed(3)}`,
    },
    {
      figure: "server RSS (compiled, as npm start runs it): idle, peak under load",
      value: `${mb(h.serverIdleRss)}, ${mb(h.serverPeakRss)}`,
      target: under(h.serverPeakRss, TARGETS.serverBytes, "peak < 200 MB"),
    },
    { figure: "  hello RSS peak (through tsx)", value: mb(h.helloPeakRss) },
    ...postgresRows(postgres, ratio),
  ];
  for (const [i, rep] of reports.entries()) {
    const big = rep === largest;
    out.push({
      figure: `report ${rep.citizens} citizens + ${rep.staff} staff, ${o.replicates} replicates: read and build (runReportJob)`,
      value: ms(rep.loadMs),
      ...(i === 0 && !big ? { target: under(rep.loadMs, TARGETS.smallReportMs, "< 0.15 s (1k)") } : {}),
    });
    out.push({ figure: "  db read; buildReport alone", value: `${ms(rep.readMs)}; ${ms(rep.buildMs)}` });
    if (rep.warmMs !== null)
      out.push({
        figure: "  read and build again in the same process (the 16th build: as a server's worker, warm)",
        value: ms(rep.warmMs),
      });
    out.push({
      figure: "  this process's RSS (tsx; the job, then buildReport again): before, peak",
      value: `${mb(rep.rssBefore)}, ${mb(rep.maxRss)}`,
    });
  }
  out.push({
    figure: `  the whole CLI process, compiled (node dist/cli/main.js): report --format json, ${largest.citizens} + ${largest.staff}`,
    value: ms(compiledCli.ms),
    target: under(compiledCli.ms, TARGETS.reportMs, "< 2 s"),
  });
  out.push({
    figure: "    its peak RSS (the whole process, all threads)",
    value: mb(compiledCli.maxRss),
    target: under(compiledCli.maxRss, TARGETS.reportBytes, "peak < 300 MB"),
  });
  out.push({ figure: "    the same through tsx (npm run cli)", value: ms(cliMs) });
  if (r && "rows" in r) {
    out.push({
      figure: `  R survey, whole Rscript process (${r.rows} rows, rake + svymean of ${r.variables} variables)`,
      value: ms(r.processMs),
    });
    out.push({ figure: "    R rake; svymean", value: `${ms(r.rakeMs)}; ${ms(r.estimateMs)}` });
    out.push({
      figure: "  compiled CLI report ÷ R process",
      value: (compiledCli.ms / r.processMs).toFixed(2),
      target: under(compiledCli.ms / r.processMs, TARGETS.rRatio, "≤ 0.1"),
    });
  } else
    out.push({
      figure: "  R survey baseline",
      value: r ? `failed: ${r.failed}` : "R or its survey package not installed",
    });
  const lat = (l: Latencies): string => `${l.p50.toFixed(1)} / ${l.p99.toFixed(1)} ms (${l.count})`;
  out.push({
    figure: `report ${largest.citizens} + ${largest.staff} built by the server's worker (first view → fresh)`,
    value: ms(busy.buildMs),
  });
  out.push({ figure: "  citizens idle: GET /s/cittadini p50 / p99", value: lat(busy.idle.page) });
  out.push({ figure: "  citizens idle: POST page p50 / p99", value: lat(busy.idle.post) });
  for (const [what, l] of [
    ["GET /s/cittadini", busy.building.page],
    ["POST page", busy.building.post],
  ] as const) {
    out.push(
      l.count > 0
        ? {
            figure: `  while the report builds: ${what} p50 / p99`,
            value: lat(l),
            target: under(l.p99, TARGETS.busyP99Ms, "p99 < 100 ms"),
          }
        : { figure: `  while the report builds: ${what} p50 / p99`, value: "none: built within the first view's wait" },
    );
  }
  out.push({ figure: "  server RSS peak (report worker included)", value: mb(busy.serverMaxRss) });
  out.push({
    figure: `CSV import of ${csv.rows} rows (${mb(csv.bytes)})`,
    value: ms(csv.importMs),
    target: under(csv.importMs, TARGETS.importMs, "< 5 s"),
  });
  out.push({ figure: "  CSV export of the same (export service)", value: ms(csv.exportMs) });
  out.push({
    figure: "  fixture fill (repository, no validation)",
    value: reports.map((r) => ms(r.fillMs)).join(" + "),
  });
  return out;
}

/** The same HTTP figures on PostgreSQL, per number of app nodes, each beside its ratio to hello. */
function postgresRows(figures: PostgresFigures, ratio: (rps: number) => number): Row[] {
  if ("skipped" in figures) return [{ figure: "PostgreSQL (DATABASE_URL)", value: figures.skipped }];
  const line = (l: LoadFigures): string => `${rate(l.rps)} (${l.p99} ms); ${ratio(l.rps).toFixed(3)}`;
  return figures.runs.flatMap((run) => {
    const on = `PostgreSQL, ${run.nodes} app node${run.nodes === 1 ? "" : "s"}`;
    return [
      { figure: `${on}: GET /s/cittadini requests/s (p99); ÷ hello`, value: line(run.surveyPage) },
      { figure: `${on}: GET /r/:token/p/esperienza requests/s (p99); ÷ hello`, value: line(run.questionPage) },
      { figure: `${on}: POST /r/:token/invia submissions/s (p99); ÷ hello`, value: line(run.submit) },
    ];
  });
}
