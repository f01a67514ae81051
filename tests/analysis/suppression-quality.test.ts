import { describe, expect, it } from "vitest";
import { findDuplicates, findSpeeders, findStraightLiners } from "../../src/analysis/quality.js";
import { isSmallBase, suppressCells, suppressTable } from "../../src/analysis/suppression.js";

describe("suppressTable", () => {
  it("hides small cells and complements so no total recovers them, worked by hand", () => {
    //   12   3  20        primary: 3 and 2 (< 5).
    //   15   9   7        row 0 hides only 3 → hide 12 (smallest open); row 2 hides only 2 → 6
    //    0   6   2        (0 skipped); column 0 then hides only 12 → 15; column 2 only 2 → 7.
    const t = suppressTable([
      [12, 3, 20],
      [15, 9, 7],
      [0, 6, 2],
    ]);
    const reasons = t.map((row) => row.map((c) => c.reason ?? "-"));
    expect(reasons).toEqual([
      ["complementary", "small", "-"],
      ["complementary", "-", "complementary"],
      ["-", "complementary", "small"],
    ]);
    // Every row and column has zero or at least two hidden cells.
    for (let i = 0; i < 3; i++) {
      const rowHidden = t[i].filter((c) => c.suppressed).length;
      const colHidden = t.map((r) => r[i]).filter((c) => c.suppressed).length;
      expect(rowHidden === 0 || rowHidden >= 2).toBe(true);
      expect(colHidden === 0 || colHidden >= 2).toBe(true);
    }
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
});
