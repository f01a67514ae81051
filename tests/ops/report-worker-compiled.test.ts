import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";

const ROOT = join(import.meta.dirname, "../..");
// A copy of the build of its own (not ROOT/dist, which another test rebuilds meanwhile), beside links
// to what the compiled code reaches from dist/: migrations, surveys, margins and node_modules.
const dir = mkdtempSync(join(tmpdir(), "sportello-worker-build-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const server = usePostgres();

/** Compiles the build once for the file's tests. */
let built = false;
function compile(): void {
  if (built) return;
  built = true;
  execFileSync(
    process.execPath,
    [
      join(ROOT, "node_modules/typescript/bin/tsc"),
      "-p",
      join(ROOT, "tsconfig.build.json"),
      "--outDir",
      join(dir, "dist"),
    ],
    { cwd: ROOT, stdio: "pipe" },
  );
  for (const name of ["migrations", "migrations-pg", "surveys", "reports", "node_modules", "package.json"])
    symlinkSync(join(ROOT, name), join(dir, name));
}

/** The last line a compiled script prints, as JSON. */
function runCompiled(name: string, source: string): unknown {
  compile();
  const script = join(dir, "dist", name);
  writeFileSync(script, source);
  const out = execFileSync(process.execPath, [script], { cwd: dir, encoding: "utf8" });
  return JSON.parse(out.trim().split("\n").pop()!);
}

const FRESH_EMPTY = { first: "preparing", second: "fresh", total: 0, survey: "cittadini", builds: 1 };
const VIEW_TWICE = `
const first = await reports.view("cittadini", { groups: {} });
await reports.idle();
const second = await reports.view("cittadini", { groups: {} });
console.log(JSON.stringify({ first: first.status, second: second.status, total: second.report?.responses.total, survey: second.report?.survey.id, builds: reports.buildCount() }));
await reports.close();
`;

describe("the report worker in compiled JavaScript (node dist/…, no tsx)", () => {
  it("builds a report in its worker thread from the compiled worker.js", () => {
    const out = runCompiled(
      "check-worker.js",
      `
import { publishSurveys } from "./storage/sqlite-surveys.js";
import { openDatabase } from "./db/client.js";
import { createSqliteReportService } from "./storage/sqlite-report-source.js";
import { loadDefinitions } from "./surveys/loader.js";
import { createRegistry } from "./surveys/registry.js";
const db = openDatabase(${JSON.stringify(join(dir, "data", "worker.db"))});
const surveys = [...loadDefinitions(${JSON.stringify(join(dir, "surveys"))}).surveys.values()];
publishSurveys(db, surveys);
const reports = createSqliteReportService(db, createRegistry(surveys), { marginsFile: ${JSON.stringify(join(dir, "reports/margins/limbiate.csv"))}, waitMs: 0 });
${VIEW_TWICE}`,
    );
    expect(out).toEqual(FRESH_EMPTY);
  }, 180_000);

  it.skipIf(!HAS_POSTGRES)(
    "builds a report on PostgreSQL in the compiled worker with a pool of its own",
    async () => {
      const url = await server().createDatabase();
      const out = runCompiled(
        "check-pg-worker.js",
        `
import { closePostgres, openPostgres } from "./db/pg/client.js";
import { createReportServiceOn } from "./report/service.js";
import { postgresReportSource } from "./storage/postgres/report-source.js";
import { loadDefinitions } from "./surveys/loader.js";
import { createRegistry } from "./surveys/registry.js";
const db = await openPostgres(${JSON.stringify(url)}, { max: 2 });
const surveys = [...loadDefinitions(${JSON.stringify(join(dir, "surveys"))}).surveys.values()];
const reports = createReportServiceOn(postgresReportSource(db, ${JSON.stringify(url)}), createRegistry(surveys), { marginsFile: ${JSON.stringify(join(dir, "reports/margins/limbiate.csv"))}, waitMs: 0 });
${VIEW_TWICE}
await closePostgres(db);`,
      );
      expect(out).toEqual(FRESH_EMPTY);
    },
    180_000,
  );
});
