import { describe, expect, it } from "vitest";
import { completesNeeded } from "../../src/analysis/index.js";

// Krejcie, R. V. and Morgan, D. W. (1970), "Determining sample size for research activities",
// Educational and Psychological Measurement 30, 607–610: Table 1 (± 5 points, 95 %, p = 0.5).
const KREJCIE_MORGAN: [population: number, sample: number][] = [
  [50, 44],
  [100, 80],
  [500, 217],
  [1000, 278],
  [5000, 357],
  [10_000, 370],
  [1_000_000, 384],
];

describe("completesNeeded", () => {
  it("gives Krejcie and Morgan's table at ± 5 points", () => {
    for (const [population, sample] of KREJCIE_MORGAN)
      expect(completesNeeded(population, 5), `N = ${population}`).toBe(sample);
  });

  it("needs more completes for a smaller margin and never more than the population", () => {
    for (const population of [30, 1000, 35_425]) {
      const sizes = [5, 4, 3, 1].map((m) => completesNeeded(population, m));
      expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
      for (const n of sizes) expect(n).toBeLessThanOrEqual(population);
    }
  });
});
