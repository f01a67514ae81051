import { describe, expect, it } from "vitest";
import { runBench } from "../../bench/run.js";
import { HAS_POSTGRES } from "../helpers/postgres.js";
import { atLeast, formatTable, under, verdict } from "../../bench/table.js";

// Keeps the benchmark from rotting: every part runs on tiny sizes. No timing is asserted (docs/architecture.md).
describe("benchmark", () => {
  it("runs every part end to end on tiny sizes and prints each target", async () => {
    const result = await runBench(
      {
        seconds: 1,
        warmup: 0,
        connections: 2,
        drafts: 500,
        postgresDrafts: 40,
        sizes: [{ citizens: 50, staff: 12 }],
        replicates: 50,
      },
      () => {},
    );
    expect(result.http.submit.requests).toBeGreaterThan(0);
    // Every 303 of /invia is a response stored (the bench checks it too; the count is the proof).
    expect(result.http.stored).toBeGreaterThanOrEqual(result.http.submit.requests);
    expect(result.http.journeys.completes).toBeGreaterThan(0);
    expect(result.reports.map((r) => [r.citizens, r.staff])).toEqual([[50, 12]]);
    // On PostgreSQL, one node and two: every draft sent is a response stored (the bench checks the count).
    if (!HAS_POSTGRES) expect(result.postgres).toEqual({ skipped: expect.stringContaining("not installed") });
    else
      expect("runs" in result.postgres && result.postgres.runs.map((run) => [run.nodes, run.submit.requests])).toEqual([
        [1, 40],
        [2, 40],
      ]);
    expect(result.csv.rows).toBe(50);
    expect(result.busy.idle.page.count).toBeGreaterThan(0);
    expect(result.busy.buildMs).toBeGreaterThan(0);
    expect(result.cliMs).toBeGreaterThan(0);
    expect(result.compiledCli.ms).toBeGreaterThan(0);
    // The compiled CLI's peak (written at its exit) and the compiled server's, read from the kernel.
    expect(result.compiledCli.maxRss).toBeGreaterThan(20 * 1048576);
    expect(result.http.serverIdleRss).toBeGreaterThan(20 * 1048576);
    expect(result.http.serverPeakRss).toBeGreaterThanOrEqual(result.http.serverIdleRss);
    const table = formatTable(result.rows);
    for (const figure of [
      "survey page ÷ hello",
      "question page ÷ hello",
      "≥ 0.3",
      "submission ÷ hello",
      "≥ 0.2",
      "peak < 200 MB",
      "peak < 300 MB",
      "< 2 s",
      "node dist/cli/main.js",
      "compiled, as npm start runs it",
      "< 5 s",
      "while the report builds",
      "R survey",
      "PostgreSQL",
    ])
      expect(table).toContain(figure);
    expect(result.rows.filter((r) => r.target).every((r) => /^(PASS|MISSED BY \d+ %)/.test(verdict(r)))).toBe(true);
  }, 360_000);

  it("says by how much a target is missed, either way", () => {
    expect(verdict({ figure: "", value: "", target: atLeast(0.25, 0.5, "") })).toBe("MISSED BY 50 %");
    expect(verdict({ figure: "", value: "", target: atLeast(0.5, 0.5, "") })).toBe("PASS");
    expect(verdict({ figure: "", value: "", target: under(3000, 2000, "") })).toBe("MISSED BY 50 %");
    expect(verdict({ figure: "", value: "", target: under(20_000, 2000, "") })).toBe(
      "MISSED BY 900 % (10.0× the target)",
    );
    expect(verdict({ figure: "", value: "", target: under(1999, 2000, "") })).toBe("PASS");
  });
});
