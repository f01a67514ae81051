import { describe, expect, it } from "vitest";
import {
  cellKey,
  exactHitProbability,
  KEY_RANGE,
  noiseFor,
  PERTURBATION_TABLE,
  perturbCount,
  publishCount,
  rowMoments,
} from "../../src/analysis/cell-key.js";

describe("the perturbation table (docs/disclosure-policy.md)", () => {
  const rows = PERTURBATION_TABLE.rows;

  it("is a distribution per row, with mean noise 0, within the maximum noise", () => {
    for (const [n, row] of rows.entries()) {
      expect(
        row.probability.reduce((s, p) => s + p, 0),
        `row ${n}`,
      ).toBeCloseTo(1, 12);
      expect(rowMoments(row).mean, `row ${n}`).toBeCloseTo(0, 12);
      for (const d of row.noise) expect(Math.abs(d)).toBeLessThanOrEqual(PERTURBATION_TABLE.maxNoise);
    }
    expect(rowMoments(rows[rows.length - 1]).variance).toBeCloseTo(2.133, 12);
  });

  it("keeps zero at zero, never goes negative, and never publishes a count of 1 to 4 as itself", () => {
    expect(rows[0]).toEqual({ noise: [0], probability: [1] });
    for (let n = 1; n < 12; n++) {
      const row = rows[Math.min(n, rows.length - 1)];
      for (const d of row.noise) {
        expect(n + d).toBeGreaterThanOrEqual(0);
        if (n < 5) expect(d).not.toBe(0);
      }
    }
  });

  it("gives a cell the noise of its key, the same every time, and withholds perturbed values of 1 to 4", () => {
    // Row 5+: cumulative 0.0005, 0.001, 0.051, 0.15, 0.35, 0.65, 0.85, 0.949, 0.999, 0.9995, 1.
    expect([0, 0.0007, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 0.98, 0.9992, 0.9999].map((k) => noiseFor(100, k))).toEqual([
      -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5,
    ]);
    expect(perturbCount(100, 0.5 * KEY_RANGE)).toBe(100);
    expect(perturbCount(0, 12345)).toBe(0);
    expect(publishCount(1, 0)).toBe(0); // key 0 → noise −1
    expect(publishCount(1, 0.7 * KEY_RANGE)).toBeNull(); // noise +1 → 2, withheld
    expect(publishCount(6, 0)).toBeNull(); // 6 − 5 = 1, withheld
  });

  it("takes the cell key as the sum of record keys modulo 1", () => {
    expect(cellKey([KEY_RANGE / 2, KEY_RANGE / 4, KEY_RANGE / 2])).toBe(0.25);
    expect(cellKey([])).toBe(0);
  });

  it("predicts the exact-hit rate of a difference of two cells from the table", () => {
    // P(d1 = d2) for two independent large-count noises = Σ p² = 0.194603.
    expect(
      exactHitProbability([
        { count: 100, sign: 1 },
        { count: 97, sign: -1 },
      ]),
    ).toBeCloseTo(0.194603, 12);
    expect(exactHitProbability([{ count: 100, sign: 1 }])).toBeCloseTo(0.3, 12);
    expect(exactHitProbability([{ count: 3, sign: 1 }])).toBe(0);
  });
});
