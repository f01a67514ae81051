import { describe, expect, it } from "vitest";
import {
  effectiveSize,
  meanInterval,
  weightedMeanInterval,
  weightedWilson,
  wilson,
  wilsonFromProportion,
} from "../../src/analysis/intervals.js";
import { rakedMeanInterval } from "../../src/analysis/raked-variance.js";
import { tCdf, tQuantile } from "../../src/analysis/student-t.js";
import { reference, respondents } from "./reference.js";

describe("wilson", () => {
  it("reproduces the published test vectors (published test vectors, docs/methods.md)", () => {
    const a = wilson(84, 85);
    expect(a.low).toBeCloseTo(0.9363, 4);
    expect(a.high).toBeCloseTo(0.9979, 4);
    const b = wilson(12, 40);
    expect(b.low).toBeCloseTo(0.1807, 4);
    expect(b.high).toBeCloseTo(0.4543, 4);
    const c = wilson(0, 20);
    expect(c.low).toBe(0);
    expect(c.high).toBeCloseTo(0.1611, 4);
  });

  it("with equal weights is the unweighted interval", () => {
    const ind = Array.from({ length: 40 }, (_, i) => i < 12);
    const w = new Array(40).fill(3.5);
    const r = weightedWilson(ind, w);
    const u = wilson(12, 40);
    expect(r.estimate).toBeCloseTo(0.3, 12);
    expect(r.low).toBeCloseTo(u.low, 12);
    expect(r.high).toBeCloseTo(u.high, 12);
  });

  it("with unequal weights uses the weighted p̂ and the Kish effective n", () => {
    // Weights 1,1,2,4 with hits on the first and last: p̂ = 5/8; n_eff = 8²/(1+1+4+16) = 64/22.
    const r = weightedWilson([1, 0, 0, 1], [1, 1, 2, 4]);
    const expected = wilsonFromProportion(5 / 8, 64 / 22);
    expect(effectiveSize([1, 1, 2, 4])).toBeCloseTo(64 / 22, 12);
    expect(r.estimate).toBeCloseTo(0.625, 12);
    expect(r.low).toBeCloseTo(expected.low, 12);
    expect(r.high).toBeCloseTo(expected.high, 12);
  });
});

describe("tQuantile", () => {
  it("agrees with R's qt to 1e-9", () => {
    for (const { p, df, q } of reference.qt) {
      expect(Math.abs(tQuantile(p, df) - q)).toBeLessThan(1e-9 * Math.max(1, Math.abs(q)));
    }
  });

  it("inverts the distribution function and has the closed forms for 1 and 2 df", () => {
    expect(tQuantile(0.9, 1)).toBeCloseTo(Math.tan(Math.PI * 0.4), 10);
    // df = 2: t = (2p − 1)/√(2p(1 − p)); p = 0.8 → 0.6/√0.32.
    expect(tQuantile(0.8, 2)).toBeCloseTo(0.6 / Math.sqrt(0.32), 10);
    expect(tCdf(tQuantile(0.3, 17), 17)).toBeCloseTo(0.3, 12);
  });
});

describe("meanInterval", () => {
  it("is x̄ ± t·s/√n, worked by hand", () => {
    // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, Σ(y−ȳ)² = 32, s² = 32/7, se = √(32/7)/√8 = √(4/7).
    const r = meanInterval([2, 4, 4, 4, 5, 5, 7, 9]);
    const se = Math.sqrt(4 / 7);
    expect(r.mean).toBe(5);
    expect(r.se).toBeCloseTo(se, 12);
    expect(r.high! - r.mean).toBeCloseTo(tQuantile(0.975, 7) * se, 12);
  });

  it("applies the finite population correction and gives no interval for n < 2", () => {
    const r = meanInterval([1, 3], 0.95, 4);
    // s = √2, se = √2/√2 · √(1 − 2/4) = √0.5.
    expect(r.se).toBeCloseTo(Math.sqrt(0.5), 12);
    expect(meanInterval([3]).se).toBeNull();
  });
});

describe("weightedMeanInterval", () => {
  it("matches svymean on the with-replacement, weights-only design (R reference, 1e-9)", () => {
    for (const key of ["used", "score"] as const) {
      const r = weightedMeanInterval(
        respondents.map((x) => x[key]),
        reference.weights,
      );
      const ref = reference.weightsOnly[key];
      expect(Math.abs(r.mean - ref.mean)).toBeLessThan(1e-9);
      expect(Math.abs(r.se! - ref.se)).toBeLessThan(1e-9);
      expect(Math.abs(r.low! - ref.low)).toBeLessThan(1e-9);
      expect(Math.abs(r.high! - ref.high)).toBeLessThan(1e-9);
    }
  });
});

describe("rakedMeanInterval", () => {
  it("matches svymean on the survey::rake design, SE and t interval included (R reference, 1e-9)", () => {
    const units = respondents.map((r) => ({ eta: r.eta, sesso: r.sesso, quartiere: r.quartiere }));
    for (const key of ["used", "score"] as const) {
      const r = rakedMeanInterval(
        respondents.map((x) => x[key]),
        reference.weights,
        units,
        ["eta*sesso", "quartiere"],
      );
      const ref = reference.rakedDesign[key];
      expect(Math.abs(r.mean - ref.mean)).toBeLessThan(1e-9);
      expect(Math.abs(r.se! - ref.se)).toBeLessThan(1e-9);
      expect(Math.abs(r.low! - ref.low)).toBeLessThan(1e-9);
      expect(Math.abs(r.high! - ref.high)).toBeLessThan(1e-9);
      // Raking explains part of the variance: smaller than the weights-only linearisation.
      expect(r.se!).toBeLessThan(reference.weightsOnly[key].se);
    }
  });
});
