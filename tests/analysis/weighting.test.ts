import { describe, expect, it } from "vitest";
import { AnalysisError } from "../../src/analysis/errors.js";
import { kish, rake } from "../../src/analysis/weighting.js";
import { reference, respondents } from "./reference.js";

// Kalton's sample (survey/tests/kalton.R): counts by b (rows) × a (columns), 1,000 units.
const kaltonCounts = [
  [20, 50, 100, 30],
  [40, 140, 50, 100],
  [40, 310, 50, 70],
];
const kaltonUnits = kaltonCounts.flatMap((row, b) =>
  row.flatMap((count, a) => Array.from({ length: count }, () => ({ a: `a${a + 1}`, b: `b${b + 1}` }))),
);
// Population margins from kaltonpop: a = 175, 550, 430, 345 (sum 1,500); b = 365, 415, 720.
const kaltonTargets = {
  a: { a1: 175, a2: 550, a3: 430, a4: 345 },
  b: { b1: 365, b2: 415, b3: 720 },
};

function cellWeight(weights: number[], a: number, b: number): number {
  const i = kaltonUnits.findIndex((u) => u.a === `a${a + 1}` && u.b === `b${b + 1}`);
  return weights[i];
}

describe("rake", () => {
  it("reproduces the Kalton test vector (methodology-sources §4)", () => {
    const r = rake(kaltonUnits, kaltonTargets);
    const published = [
      [1.8108, 1.0836, 2.1961, 1.8332],
      [1.4528, 0.8694, 1.7619, 1.4708],
      [2.0168, 1.2068, 2.4459, 2.0417],
    ];
    published.forEach((row, b) => row.forEach((w, a) => expect(cellWeight(r.weights, a, b)).toBeCloseTo(w, 4)));
    expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1500, 8);
    expect(r.deff).toBeCloseTo(1.0997, 4);
    expect(r.effectiveN).toBeCloseTo(909.4, 1);
    expect(r.converged).toBe(true);
  });

  it("agrees with survey::rake on the Kalton data to 1e-9", () => {
    const r = rake(kaltonUnits, kaltonTargets);
    reference.kalton.cellWeights.forEach((row, b) =>
      row.forEach((w, a) => expect(Math.abs(cellWeight(r.weights, a, b) - w)).toBeLessThan(1e-9)),
    );
    expect(Math.abs(r.deff - reference.kalton.deff)).toBeLessThan(1e-9);
    expect(Math.abs(r.effectiveN - reference.kalton.effectiveN)).toBeLessThan(1e-7);
  });

  it("agrees with survey::rake on the fixture (crossed eta*sesso and quartiere) to 1e-9 relative", () => {
    const units = respondents.map((r) => ({ eta_sesso: r.eta_sesso, quartiere: r.quartiere }));
    const r = rake(units, reference.margins);
    r.weights.forEach((w, i) => expect(Math.abs(w / reference.weights[i] - 1)).toBeLessThan(1e-9));
    expect(Math.abs(r.deff - reference.deff)).toBeLessThan(1e-9);
    expect(Math.abs(r.effectiveN - reference.effectiveN)).toBeLessThan(1e-9);
    // Point estimates equal svymean on the raked design.
    const sw = r.weights.reduce((s, w) => s + w, 0);
    for (const key of ["used", "score"] as const) {
      const mean = r.weights.reduce((s, w, i) => s + w * respondents[i][key], 0) / sw;
      expect(Math.abs(mean - reference.rakedDesign[key].mean)).toBeLessThan(1e-9);
    }
  });

  it("derives a crossed category from its parts when the unit lacks the joined one", () => {
    const joined = rake(
      respondents.map((r) => ({ eta_sesso: r.eta_sesso, quartiere: r.quartiere })),
      reference.margins,
    );
    const parts = rake(
      respondents.map((r) => ({ eta: r.eta, sesso: r.sesso, quartiere: r.quartiere })),
      { "eta*sesso": reference.margins.eta_sesso, quartiere: reference.margins.quartiere },
    );
    expect(parts.weights).toEqual(joined.weights);
  });

  it("reports non-convergence when iterations run out", () => {
    const r = rake(kaltonUnits, kaltonTargets, { maxIterations: 1 });
    expect(r.converged).toBe(false);
    expect(r.iterations).toBe(1);
  });

  it("throws a typed error for a sample category without a target", () => {
    const units = [{ q: "A" }, { q: "B" }, { q: "Z" }];
    expect(() => rake(units, { q: { A: 10, B: 10 } })).toThrowError(/"Z".*no population target/);
    try {
      rake(units, { q: { A: 10, B: 10 } });
    } catch (e) {
      expect(e).toBeInstanceOf(AnalysisError);
      expect((e as AnalysisError).code).toBe("CATEGORY_WITHOUT_TARGET");
    }
  });

  it("throws for a target category with no respondents and for a missing category", () => {
    expect(() => rake([{ q: "A" }], { q: { A: 10, B: 10 } })).toThrowError(/no respondents in: B/);
    expect(() => rake([{ q: "A" }, {}], { q: { A: 10 } })).toThrowError(/Respondent 1 has no category/);
  });

  it("rejects margins more than 0.1 % apart and rescales smaller differences", () => {
    const units = [
      { x: "a", y: "c" },
      { x: "b", y: "d" },
      { x: "a", y: "d" },
    ];
    expect(() => rake(units, { x: { a: 500, b: 500 }, y: { c: 500, d: 502 } })).toThrowError(AnalysisError);
    // 1,000 vs 1,000.5 (0.05 %): y is scaled to 1,000, so the weights sum to 1,000 exactly.
    const r = rake(units, { x: { a: 500, b: 500 }, y: { c: 400, d: 600.5 } });
    expect(r.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1000, 8);
  });

  it("trims at k × the mean weight and still meets the margins", () => {
    // One young man among many: raking gives him a weight far above 5 × the mean.
    const units = [
      { age: "young", sex: "M" },
      ...Array.from({ length: 20 }, () => ({ age: "young", sex: "F" })),
      ...Array.from({ length: 20 }, () => ({ age: "old", sex: "M" })),
      ...Array.from({ length: 20 }, () => ({ age: "old", sex: "F" })),
    ];
    const targets = { age: { young: 500, old: 500 }, sex: { M: 500, F: 500 } };
    const plain = rake(units, targets);
    expect(plain.maxWeightRatio).toBeGreaterThan(5);
    const trimmed = rake(units, targets, { trim: true });
    expect(trimmed.maxWeightRatio).toBeLessThanOrEqual(5 * (1 + 1e-6));
    expect(trimmed.trimRounds).toBeGreaterThan(0);
    const sum = (pred: (u: (typeof units)[number]) => boolean): number =>
      trimmed.weights.reduce((s, w, i) => s + (pred(units[i]) ? w : 0), 0);
    expect(sum((u) => u.age === "young")).toBeCloseTo(500, 4);
    expect(sum((u) => u.sex === "M")).toBeCloseTo(500, 4);
  });
});

describe("kish", () => {
  it("is nΣw²/(Σw)² and (Σw)²/Σw², worked by hand", () => {
    // w = 1, 1, 2, 4: Σw = 8, Σw² = 22 → deff = 4·22/64 = 1.375, n_eff = 64/22.
    const k = kish([1, 1, 2, 4]);
    expect(k.deff).toBeCloseTo(1.375, 12);
    expect(k.effectiveN).toBeCloseTo(64 / 22, 12);
  });
});

describe("raking with respondents a margin does not cover", () => {
  // Two quartieri; sex f/m known for three people, "preferisco non dire" for the fourth.
  const units: Record<string, string>[] = [
    { quartiere: "a", sesso: "f" },
    { quartiere: "a", sesso: "m" },
    { quartiere: "b", sesso: "f" },
    { quartiere: "b" },
  ];
  const targets = { quartiere: { a: 60, b: 40 }, sesso: { f: 52, m: 48 } };

  it("is an error unless asked to skip them", () => {
    expect(() => rake(units, targets)).toThrow(/has no category for margin "sesso"/);
  });

  it("meets every margin among those it covers and keeps the population total", () => {
    const result = rake(units, targets, { missing: "skip" });
    const w = result.weights;
    expect(result.converged).toBe(true);
    expect(w[0] + w[1]).toBeCloseTo(60, 9);
    expect(w[2] + w[3]).toBeCloseTo(40, 9);
    const covered = w[0] + w[1] + w[2];
    // Among those who stated f or m, the census split 52 : 48.
    expect((w[0] + w[2]) / covered).toBeCloseTo(0.52, 9);
    expect(w[1] / covered).toBeCloseTo(0.48, 9);
    expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(100, 9);
    expect(w[3]).toBeGreaterThan(0);
  });

  it("gives exactly the usual raking when everyone is covered", () => {
    const all = units.map((u, i): Record<string, string> => ({ ...u, sesso: u.sesso ?? (i % 2 ? "m" : "f") }));
    expect(rake(all, targets, { missing: "skip" }).weights).toEqual(rake(all, targets).weights);
  });
});
