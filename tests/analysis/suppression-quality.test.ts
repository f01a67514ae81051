import { describe, expect, it } from "vitest";
import { findDuplicates, findSpeeders, findStraightLiners } from "../../src/analysis/quality.js";
import { isSmallBase, suppressCells } from "../../src/analysis/suppression.js";

describe("suppressCells", () => {
  it("hides small cells and the next smallest of a group, worked by hand", () => {
    // Categories 12, 3, 20, 0 of one question, published with their total 35: 3 is small; alone it
    // could be recovered as 35 − 12 − 20 − 0, so the next smallest non-zero cell (12) goes too.
    expect(suppressCells([12, 3, 20, 0], [[0, 1, 2, 3]]).map((c) => c.reason)).toEqual([
      "complementary",
      "small",
      null,
      null,
    ]);
  });

  it("leaves a group alone when nothing or two cells are small, and respects the threshold", () => {
    expect(suppressCells([10, 20, 30], [[0, 1, 2]]).some((c) => c.suppressed)).toBe(false);
    expect(suppressCells([1, 2, 30], [[0, 1, 2]]).map((c) => c.reason)).toEqual(["small", "small", null]);
    expect(suppressCells([3, 9, 30], [[0, 1, 2]], 3).some((c) => c.suppressed)).toBe(false);
  });

  it("flags percentages on fewer than 30 respondents", () => {
    expect(isSmallBase(29)).toBe(true);
    expect(isSmallBase(30)).toBe(false);
  });
});

describe("quality flags", () => {
  it("flags speeders under a third of the median time", () => {
    // Median of 90, 300, 320, 400, 600 is 320; threshold 106.67: only 90 (and not the unknown).
    const r = findSpeeders([300, 90, null, 400, 320, 600]);
    expect(r.median).toBe(320);
    expect(r.threshold).toBeCloseTo(320 / 3, 12);
    expect(r.flagged).toEqual([1]);
  });

  it("flags straight-lining only with at least four answered rows", () => {
    const grids = [
      [5, 5, 5, 5],
      [5, 5, 5, null, undefined],
      [5, 5, 6, 5],
      [7, 7, 7, 7, 7, null],
    ];
    expect(findStraightLiners(grids)).toEqual([0, 3]);
  });

  it("finds identical answer sets regardless of key order", () => {
    const r = findDuplicates([
      { a: 1, b: ["x", "y"] },
      { a: 2 },
      { b: ["x", "y"], a: 1, c: undefined },
      { a: 1, b: ["y", "x"] },
      { a: 2 },
    ]);
    expect(r.groups).toEqual([
      [0, 2],
      [1, 4],
    ]);
    expect(r.flagged).toEqual([2, 4]);
  });

  it("tells stored answer sets apart whatever their texts contain, and groups the true repeats", () => {
    const r = findDuplicates([
      { a: "b", c: "d" },
      { a: "b1:c1:d" },
      { "a1:b1:c": "d" },
      { a: '"b","c":"d"' },
      { c: "d", a: "b", e: undefined },
      { a: "b1:c1:d" },
      {},
      { a: "1" },
      { a: 1 },
      {},
    ]);
    expect(r.groups).toEqual([
      [0, 4],
      [1, 5],
      [6, 9],
    ]);
  });

  it("groups answer sets whose keys come in another order, numeric-looking keys included", () => {
    const r = findDuplicates([
      { q10: "a", q9: "b", "10": "x", "9": "y" },
      { "9": "y", q9: "b", "10": "x", q10: "a" },
      { q10: "a", q9: "b", "10": "x" },
      { Q9: "b", q10: "a", "10": "x", "9": "y" },
      JSON.parse('{"10":"x","9":"y","q10":"a","q9":"b"}'),
    ]);
    expect(r.groups).toEqual([[0, 1, 4]]);
  });
});
