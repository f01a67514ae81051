import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
// A copy of the build of its own (not ROOT/dist, which another test rebuilds meanwhile), beside links
// to what the compiled code reaches from dist/: migrations, surveys, margins and node_modules.
const dir = mkdtempSync(join(tmpdir(), "sportello-worker-build-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the report worker in compiled JavaScript (node dist/…, no tsx)", () => {
  it("builds a report in its worker thread from the compiled worker.js", () => {
    execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", join(dir, "dist")], { cwd: ROOT, stdio: "pipe" });
    for (const name of ["migrations", "surveys", "reports", "node_modules", "package.json"]) symlinkSync(join(ROOT, name), join(dir, name));
    const script = join(dir, "dist", "check-worker.js");
    writeFileSync(script, `
import { publishSurveys } from "./admin/definitions.repository.js";
import { openDatabase } from "./db/client.js";
import { createReportService } from "./report/service.js";
import { loadDefinitions } from "./surveys/loader.js";
import { createRegistry } from "./surveys/registry.js";
const db = openDatabase(${JSON.stringify(join(dir, "data", "worker.db"))});
const surveys = [...loadDefinitions(${JSON.stringify(join(dir, "surveys"))}).surveys.values()];
publishSurveys(db, surveys);
const reports = createReportService(db, createRegistry(surveys), { marginsFile: ${JSON.stringify(join(dir, "reports/margins/limbiate.csv"))}, waitMs: 0 });
const first = await reports.view("cittadini", { groups: {} });
await reports.idle();
const second = await reports.view("cittadini", { groups: {} });
console.log(JSON.stringify({ first: first.status, second: second.status, total: second.report?.responses.total, survey: second.report?.survey.id, builds: reports.buildCount() }));
await reports.close();
`);
    const out = execFileSync(process.execPath, [script], { cwd: dir, encoding: "utf8" });
    expect(JSON.parse(out.trim().split("\n").pop()!)).toEqual({ first: "preparing", second: "fresh", total: 0, survey: "cittadini", builds: 1 });
  }, 180_000);
});
