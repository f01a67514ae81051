import { describe, expect, it } from "vitest";
import { citizenColumns } from "../../src/analysis/columns.js";
import { gateSensitivityFromMatrix, sensitivityFromMatrix, weightSensitivity } from "../../src/analysis/sensitivity.js";
import { citizens, services as handServices, staff, weights } from "./fixtures.js";

/*
 * Three services whose raw criteria are already in [0, 1] with min 0 and max 1 per column, so
 * normalisation leaves them alone (I, P, C are 0 everywhere: constant, hence 0). Columns D F U I P C X.
 * Scores × 6 with equal weights: S1 = 1, S2 = 1 + 0.1 = 1.1, S3 = 0.2 + 0.2 + 1 = 1.4 → S3, S2, S1.
 *   D × 1.2: S1 1.2, S2 1.1, S3 1.44 → S3, S1, S2 (two services move by one)
 *   D × 0.8: S1 0.8, S2 1.1, S3 1.36 → unchanged
 *   F × 0.8: S1 1, S2 0.9, S3 1.36 → S3, S1, S2 (two move)
 *   F × 1.2: S1 1, S2 1.3, S3 1.44 → unchanged;  U × 0.8 or 1.2: S3 stays first, S2 > S1 → unchanged
 */
const matrix = Float64Array.from([1, 0, 0, 0, 0, 0, 1, 0, 1, 0.1, 0, 0, 0, 1, 0.2, 0.2, 1, 0, 0, 0, 1]);
const services = ["S1", "S2", "S3"];

describe("sensitivityFromMatrix", () => {
  it("finds exactly the rank changes worked out by hand", () => {
    const rows = sensitivityFromMatrix(matrix, services);
    expect(rows).toHaveLength(12);
    const changed = rows.filter((r) => r.changed > 0).map((r) => [r.criterion, r.factor]);
    expect(changed).toEqual([
      ["D", 1.2],
      ["F", 0.8],
    ]);
    const d = rows.find((r) => r.criterion === "D" && r.factor === 1.2)!;
    expect(d.weights.D).toBeCloseTo(0.2, 12);
    expect(d.maxShift).toBe(1);
    expect(d.ranks).toEqual([
      { service: "S3", baseRank: 1, rank: 1 },
      { service: "S1", baseRank: 3, rank: 2 },
      { service: "S2", baseRank: 2, rank: 3 },
    ]);
  });

  it("uses the delta it is given", () => {
    // D × 1.05: S1 1.05 < S2 1.1, nothing moves.
    expect(sensitivityFromMatrix(matrix, services, undefined, undefined, 0.05).every((r) => r.changed === 0)).toBe(
      true,
    );
  });
});

describe("weightSensitivity", () => {
  it("leaves a ranking with a wide margin alone (hand example: C 4.52/6 vs A 1.4/6)", () => {
    const rows = weightSensitivity(citizenColumns(citizens), staff, handServices, { weights });
    expect(rows).toHaveLength(12);
    expect(rows.every((r) => r.changed === 0 && r.ranks.map((x) => x.service).join() === "C,A")).toBe(true);
  });
});

describe("gateSensitivityFromMatrix", () => {
  it("moves the feasibility threshold by ±0.1: services enter or leave the ranking, worked by hand", () => {
    // Same scores as above (S3, S2, S1) but X = 0.45, 0.55, 0.9: at 0.5 S1 is excluded.
    const gated = Float64Array.from(matrix);
    gated[6] = 0.45;
    gated[13] = 0.55;
    gated[20] = 0.9;
    const [lower, higher] = gateSensitivityFromMatrix(gated, services, undefined, 0.5, 1);
    expect(lower.threshold).toBeCloseTo(0.4, 12);
    expect(lower.entering).toEqual(["S1"]);
    expect(lower.leaving).toEqual([]);
    expect(lower.ranks).toEqual([
      { service: "S3", baseRank: 1, rank: 1 },
      { service: "S2", baseRank: 2, rank: 2 },
    ]);
    expect(higher.threshold).toBeCloseTo(0.6, 12);
    expect(higher.entering).toEqual([]);
    expect(higher.leaving).toEqual(["S2"]);
    expect(higher.top).toEqual(["S3"]);
  });
});
