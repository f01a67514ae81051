import { describe, expect, it } from "vitest";
import { estimateCategories, estimateMean } from "../../src/analysis/estimates.js";
import { wilson, wilsonFromProportion } from "../../src/analysis/intervals.js";
import { reference, respondents } from "./reference.js";

describe("estimateCategories", () => {
  it("gives unweighted counts, weighted shares and Wilson intervals for a single choice", () => {
    // Weights 1,1,2,4 for answers a, b, a, (no answer): base 3, Σw = 4, a = 3/4, b = 1/4;
    // n_eff of the base = 4²/(1+1+4) = 16/6.
    const r = estimateCategories(["a", "b", "a", undefined], [1, 1, 2, 4], ["a", "b", "c"]);
    expect(r.base).toBe(3);
    expect(r.effectiveBase).toBeCloseTo(16 / 6, 12);
    expect(r.categories.a.count).toBe(2);
    expect(r.categories.a.estimate).toBeCloseTo(0.75, 12);
    expect(r.categories.b.estimate).toBeCloseTo(0.25, 12);
    expect(r.categories.c).toEqual({ count: 0, estimate: 0, low: 0, high: wilsonFromProportion(0, 16 / 6).high });
    expect(r.categories.a.low).toBeCloseTo(wilsonFromProportion(0.75, 16 / 6).low, 12);
  });

  it("lets a multiple-choice respondent count in several categories, the base once", () => {
    // Three equal-weight respondents: [x, y], [y], []: x 1/3, y 2/3, shares sum to more than 1.
    const r = estimateCategories([["x", "y"], ["y", "y"], []], [1, 1, 1]);
    expect(r.base).toBe(3);
    expect(r.categories.y.count).toBe(2);
    expect(r.categories.y.estimate).toBeCloseTo(2 / 3, 12);
    expect(r.categories.x.high).toBeCloseTo(wilson(1, 3).high, 12);
  });

  it("equals the survey::svymean proportion on the R fixture", () => {
    const r = estimateCategories(
      respondents.map((x) => String(x.used)),
      reference.weights,
    );
    expect(Math.abs(r.categories["1"].estimate - reference.weightsOnly.used.mean)).toBeLessThan(1e-9);
    expect(Math.abs(r.effectiveBase - reference.effectiveN)).toBeLessThan(1e-9);
  });
});

describe("estimateMean", () => {
  it("leaves 'non so' out of the mean and reports its share", () => {
    // 8 (w 1), 6 (w 3), non so (w 1), not answered (w 5): mean (8 + 18)/4 = 6.5; non so 1 of Σw 5.
    const r = estimateMean([8, 6, null, undefined], [1, 3, 1, 5]);
    expect(r.mean).toBeCloseTo(6.5, 12);
    expect(r.n).toBe(2);
    expect(r.dontKnowCount).toBe(1);
    expect(r.dontKnowShare).toBeCloseTo(0.2, 12);
    expect(r.dontKnowHigh).toBe(false);
    expect(estimateMean([1, null, null], [1, 1, 1]).dontKnowHigh).toBe(true);
  });

  it("matches svymean on the weights-only design for the R fixture score", () => {
    const r = estimateMean(
      respondents.map((x) => x.score),
      reference.weights,
    );
    expect(Math.abs(r.mean - reference.weightsOnly.score.mean)).toBeLessThan(1e-9);
    expect(Math.abs(r.se! - reference.weightsOnly.score.se)).toBeLessThan(1e-9);
  });
});
