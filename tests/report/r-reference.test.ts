import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";
import { margins, REPORT_SAMPLE, reportOf, syntheticSample } from "./fixtures.js";

const dir = fileURLToPath(new URL("../fixtures/r/", import.meta.url));
interface Share {
  estimate: number;
  low: number;
  high: number;
}
/** R's output from tests/fixtures/r/make-report-reference.R, on the sample in report-sample.csv. */
const ref: {
  weights: number[];
  deff: number;
  effectiveN: number;
  maxWeightRatio: number;
  lavoro: Record<string, Share>;
  nucleo: Record<string, Share>;
  soddisfazione: { mean: number; low: number; high: number };
} = JSON.parse(readFileSync(dir + "report-reference.json", "utf8"));

const sample = syntheticSample(REPORT_SAMPLE.citizens, REPORT_SAMPLE.staff, REPORT_SAMPLE.seed);
// The exact report (as `report --unprotected` builds it): R checks the statistics, before the
// disclosure protection perturbs the published counts (tests/analysis/cell-key.test.ts and tests/report/disclosure.test.ts check that).
const report = reportOf(sample, { settings: { ...DEFAULT_SETTINGS, replicates: 20 }, protect: false });

function close(actual: number | null | undefined, expected: number): void {
  expect(actual).toBeTypeOf("number");
  expect(Math.abs((actual as number) - expected)).toBeLessThan(1e-6 * Math.max(1, Math.abs(expected)));
}

describe("the report against R's survey package (tests/fixtures/r/make-report-reference.R)", () => {
  it("is built on the very sample R read", () => {
    const csv = readFileSync(dir + "report-sample.csv", "utf8")
      .trim()
      .split("\n")
      .slice(1);
    expect(csv).toHaveLength(sample.citizens.length);
    csv.forEach((line, i) =>
      expect(line.split(",").slice(0, 3)).toEqual(
        ["eta", "sesso", "quartiere"].map((c) => sample.citizens[i].answers[c] ?? ""),
      ),
    );
  });

  it("weights: design effect, effective n and the largest weight ratio agree to 1e-6", () => {
    expect(report.weighting.method).toBe("raking");
    expect(report.weighting.boundsMet).toBe(true);
    close(report.weighting.deff, ref.deff);
    close(report.weighting.effectiveN, ref.effectiveN);
    close(report.weighting.maxWeightRatio, ref.maxWeightRatio);
  });

  it("shares and their Wilson intervals on the estimate's own effective n agree to 1e-6", () => {
    let compared = 0;
    for (const [question, expected] of [
      ["lavoro", ref.lavoro],
      ["nucleo", ref.nucleo],
    ] as const) {
      for (const [category, r] of Object.entries(expected)) {
        const cell = report.questions[question].categories[category];
        if (cell.suppressed) continue;
        close(cell.estimate, r.estimate);
        close(cell.low, r.low);
        close(cell.high, r.high);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  });

  it("a mean and its t interval on the raking-linearised SE agree to 1e-6", () => {
    const m = report.questions.soddisfazione_generale.mean!;
    close(m.mean, ref.soddisfazione.mean);
    close(m.low, ref.soddisfazione.low);
    close(m.high, ref.soddisfazione.high);
  });

  it("shows the weighting variables as census values, without intervals", () => {
    const sesso = report.questions.sesso;
    expect(sesso.census).toBe(true);
    const es = margins.targets["eta*sesso"];
    const total = Object.values(es).reduce((s, x) => s + x, 0);
    const female = Object.entries(es)
      .filter(([c]) => c.endsWith("*f"))
      .reduce((s, [, x]) => s + x, 0);
    expect(sesso.categories.f.estimate).toBeCloseTo(female / total, 12);
    expect(sesso.categories.f.low).toBeNull();
    expect(sesso.categories.f.high).toBeNull();
    // «altro» is no census category: no estimate is made up for it.
    expect(sesso.categories.altro.estimate).toBeNull();
    expect(report.questions.quartiere.categories.centro.estimate).toBeCloseTo(
      margins.targets.quartiere.centro / total,
      12,
    );
  });
});
