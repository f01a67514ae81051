import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OPEN_DATA_COLUMNS } from "../../src/report/opendata.js";

const ROOT = join(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "report-cli-"));
const env = { ...process.env, DATABASE_PATH: join(dir, "demo.db") };
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: ROOT,
    env,
    encoding: "utf8",
    timeout: 120_000,
  });

beforeAll(() => {
  // A small synthetic Limbiate: small enough that some cells fall under 5, large enough that every
  // census group has someone (else no ranking is published).
  execFileSync(
    process.execPath,
    ["--import", "tsx", "src/cli/main.ts", "demo", "--citizens", "100", "--staff", "12", "--seed", "3"],
    { cwd: ROOT, env, stdio: "pipe", timeout: 120_000 },
  );
}, 150_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run cli -- report --format csv|html|sintesi", () => {
  it("prints the open-data CSV of the report, with no count under 5, and warns on stderr", () => {
    const run = cli("report", "--survey", "cittadini", "--format", "csv", "--seed", "5");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.startsWith("\uFEFF")).toBe(true);
    const parsed = Papa.parse<Record<string, string>>(run.stdout.slice(1), { header: true, skipEmptyLines: true });
    expect(parsed.meta.fields).toEqual([...OPEN_DATA_COLUMNS]);
    const rows = parsed.data;
    expect(rows.some((r) => r.section === "graduatoria" && r.category === "posizione" && r.estimate === "1")).toBe(
      true,
    );
    expect(rows.some((r) => r.suppressed === "1")).toBe(true);
    expect(rows.filter((r) => r.count !== "" && Number(r.count) > 0 && Number(r.count) < 5)).toEqual([]);
    expect(run.stderr).toContain("dati simulati");
    expect(run.stderr).toContain("margini di censimento usati sono illustrativi");
  }, 120_000);

  it("writes the same file with --out, and the same seed gives the same file", () => {
    const out = join(dir, "opendata.csv");
    const run = cli("report", "--survey", "cittadini", "--format", "csv", "--seed", "5", "--out", out);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    const again = cli("report", "--survey", "cittadini", "--format", "csv", "--seed", "5");
    expect(readFileSync(out, "utf8")).toBe(again.stdout);
  }, 120_000);

  it("writes the self-contained offline HTML with --format html", () => {
    const out = join(dir, "rapporto.html");
    const run = cli("report", "--survey", "cittadini", "--format", "html", "--seed", "5", "--out", out);
    expect(run.status, run.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain('id="classifica-t">Classifica dei servizi');
    expect(html).toContain("simulati");
    // Offline: no script and nothing fetched from a server.
    expect(html).not.toContain("<script");
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
  }, 120_000);

  it("builds the exact report only with --unprotected, says so, and records it in the audit log", () => {
    const run = cli("report", "--survey", "cittadini", "--format", "json", "--seed", "5", "--unprotected");
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("rapporto ESATTO");
    const exact = JSON.parse(run.stdout);
    expect(exact.disclosure.method).toBe("none");
    // The database holds 100 citizens and 12 staff: the exact report says so; the published one perturbs.
    expect([exact.responses.total, exact.responses.staff]).toEqual([100, 12]);
    const published = JSON.parse(cli("report", "--survey", "cittadini", "--format", "json", "--seed", "5").stdout);
    expect(published.disclosure.method).toBe("cell-key");
    const db = new Database(env.DATABASE_PATH, { readonly: true });
    const rows = db.prepare("SELECT action, target FROM audit_log WHERE action = 'rapporto.esatto'").all();
    db.close();
    expect(rows).toEqual([{ action: "rapporto.esatto", target: "cittadini" }]);
  }, 120_000);

  it("writes the one-page briefing with --format sintesi: the answer, the caveats, one chart, no script", () => {
    const out = join(dir, "sintesi.html");
    const run = cli("report", "--survey", "cittadini", "--format", "sintesi", "--seed", "5", "--out", out);
    expect(run.status).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("Lo Sportello consigliato: i primi 5 servizi");
    expect(html).toContain('id="avvertenze-t">Avvertenze');
    expect(html.match(/<svg /g)).toHaveLength(1);
    expect(html).not.toContain("<script");
    expect(html).not.toMatch(/<link[^>]+stylesheet/);
  }, 120_000);

  it("accepts --threads (the same report for any number) and refuses a count under 1 with the usage", () => {
    const one = cli("report", "--survey", "cittadini", "--format", "csv", "--seed", "5", "--threads", "1");
    expect(one.status, one.stderr).toBe(0);
    const three = cli("report", "--survey", "cittadini", "--format", "csv", "--seed", "5", "--threads", "3");
    expect(three.stdout).toBe(one.stdout);
    const refused = cli("report", "--survey", "cittadini", "--threads", "0");
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain("--threads N");
  }, 120_000);

  it("refuses an unknown format with the usage", () => {
    const run = cli("report", "--survey", "cittadini", "--format", "xml");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--format json|");
  }, 60_000);
});
