import { spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { MARGINS, ROOT } from "./fixtures.js";

export interface RFigures {
  rows: number;
  variables: number;
  /** The whole Rscript process, as a user would run it. */
  processMs: number;
  rakeMs: number;
  estimateMs: number;
}

/**
 * R's survey package on the same export (bench/r-baseline.R): null when Rscript or survey is not
 * installed, the reason when R failed (a tiny sample can leave a census cell empty, which rake refuses).
 */
export async function rBaseline(csv: string): Promise<RFigures | { failed: string } | null> {
  const probe = spawnSync("Rscript", ["-e", "suppressPackageStartupMessages(library(survey))"], { stdio: "ignore" });
  if (probe.error || probe.status !== 0) return null;
  const t = performance.now();
  try {
    const out = await run("Rscript", [join(import.meta.dirname, "r-baseline.R"), csv, MARGINS], {});
    const processMs = performance.now() - t;
    const r = JSON.parse(out.trim().split("\n").pop()!) as {
      rows: number;
      variables: number;
      rakeS: number;
      estimateS: number;
    };
    return { rows: r.rows, variables: r.variables, processMs, rakeMs: r.rakeS * 1000, estimateMs: r.estimateS * 1000 };
  } catch (error) {
    return { failed: (error as Error).message.split("\n").filter(Boolean).slice(-1)[0] ?? "errore" };
  }
}

const REPORT = ["report", "--survey", "cittadini", "--format", "json", "--out", "/dev/null"];

/**
 * The whole `report` command of the CLI as a separate process (start-up included), JSON to /dev/null,
 * as `npm run cli` runs it: the TypeScript through tsx, compiled at every start.
 */
export async function cliReportMs(databasePath: string): Promise<number> {
  const t = performance.now();
  await run(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...REPORT], { DATABASE_PATH: databasePath });
  return performance.now() - t;
}

/**
 * The same command as a production installation runs it (`node dist/cli/main.js`, docs/install.md),
 * from the benchmark's compiled build (compileProduct): its time, start-up included, and the peak
 * memory of the whole process (bench/max-rss.mjs, preloaded, writes it at exit).
 */
export async function compiledCliReport(databasePath: string, build: string): Promise<{ ms: number; maxRss: number }> {
  const peakFile = join(build, "cli-max-rss");
  const t = performance.now();
  await run(
    process.execPath,
    [
      "--import",
      pathToFileURL(join(import.meta.dirname, "max-rss.mjs")).href,
      join(build, "dist/cli/main.js"),
      ...REPORT,
    ],
    { DATABASE_PATH: databasePath, BENCH_MAX_RSS_FILE: peakFile },
    build,
  );
  const ms = performance.now() - t;
  return { ms, maxRss: Number(readFileSync(peakFile, "utf8")) };
}

function run(command: string, args: string[], env: Record<string, string>, cwd = ROOT): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`${command} ${args.join(" ")}: codice ${code}\n${stderr}`)),
    );
  });
}
