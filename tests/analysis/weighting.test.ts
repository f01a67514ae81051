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
  it("reproduces the Kalton test vector (published, docs/methods.md)", () => {
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

  it("splits a sample category without a target across the census categories, in proportion to them", () => {
    // Z is not a census category: it counts as 1/4 A and 3/4 B, and the margin is met exactly.
    const units = [{ q: "A" }, { q: "B" }, { q: "Z" }];
    const r = rake(units, { q: { A: 10, B: 30 } });
    expect(r.converged).toBe(true);
    expect(r.fractionalUnits).toBe(1);
    // A: w0 + w2/4 = 10 and B: w1 + 3·w2/4 = 30 with one ratio per category: gA = 10/(4/3·1/4·... ) solved by hand:
    // base N/n = 40/3 per person; A's base 40/3 + 10/3 = 50/3 → gA = 0.6; B's base 40/3 + 10 = 70/3 → gB = 9/7.
    const base = 40 / 3;
    expect(r.weights[0]).toBeCloseTo(base * 0.6, 10);
    expect(r.weights[1]).toBeCloseTo(base * (9 / 7), 10);
    expect(r.weights[2]).toBeCloseTo(base * (0.25 * 0.6 + 0.75 * (9 / 7)), 10);
  });

  it("names a census group nobody in the sample belongs to instead of throwing", () => {
    const r = rake([{ q: "A" }], { q: { A: 10, B: 10 } });
    expect(r.problem).toEqual({
      kind: "empty_groups",
      emptyGroups: [{ variable: "q", category: "B" }],
      conflicts: expect.any(Array),
    });
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

  it("bounds the weight ratio by calibration and still meets the margins", () => {
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
    const bounded = rake(units, targets, { bounds: { lower: 0.2, upper: 5 } });
    expect(bounded.converged).toBe(true);
    expect(bounded.boundsMet).toBe(true);
    expect(bounded.maxWeightRatio).toBeLessThanOrEqual(5 * (1 + 1e-9));
    expect(bounded.maxWeightRatio).toBeCloseTo(5, 9);
    const sum = (pred: (u: (typeof units)[number]) => boolean): number =>
      bounded.weights.reduce((s, w, i) => s + (pred(units[i]) ? w : 0), 0);
    expect(sum((u) => u.age === "young")).toBeCloseTo(500, 6);
    expect(sum((u) => u.sex === "M")).toBeCloseTo(500, 6);
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

describe("raking with respondents whose category is unknown", () => {
  // Two quartieri; sex f/m known for three people, "preferisco non dire" for the fourth.
  const units: Record<string, string>[] = [
    { quartiere: "a", sesso: "f" },
    { quartiere: "a", sesso: "m" },
    { quartiere: "b", sesso: "f" },
    { quartiere: "b", sesso: "non_dire" },
  ];
  const targets = { quartiere: { a: 60, b: 40 }, sesso: { f: 52, m: 48 } };

  it("splits them 52 : 48 as the census does, meets every margin and weights nobody out", () => {
    const result = rake(units, targets);
    const w = result.weights;
    expect(result.converged).toBe(true);
    expect(result.problem).toBeNull();
    // Raking stops when every category is within 1e-10 of its target (relative).
    expect(w[0] + w[1]).toBeCloseTo(60, 7);
    expect(w[2] + w[3]).toBeCloseTo(40, 7);
    expect(w.reduce((s, x) => s + x, 0)).toBeCloseTo(100, 7);
    // Sex totals count the fourth person's fragments: 0.52 of her as f, 0.48 as m.
    const f = result.design.fragments;
    let female = 0;
    f.person.forEach((_, k) => {
      if (f.margins.categories[1][f.margins.codes[1][k]] === "f") female += result.design.weight[k];
    });
    expect(female).toBeCloseTo(52, 7);
    expect(w[3]).toBeGreaterThan(0.2 * 25);
  });

  it("gives exactly the usual raking when everyone is known", () => {
    const all = units.map((u, i): Record<string, string> => ({
      ...u,
      sesso: u.sesso === "non_dire" ? (i % 2 ? "m" : "f") : u.sesso,
    }));
    const r = rake(all, targets);
    expect(r.fractionalUnits).toBe(0);
    expect(r.converged).toBe(true);
  });
});
