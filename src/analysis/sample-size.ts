import { Z95 } from "./intervals.js";

/**
 * Completes a simple random sample needs to estimate a share within ± `margin` percentage points at
 * 95 % confidence, in a population of `population` people, before any design effect. The worst case
 * p = 0.5 with the finite-population correction, as Krejcie and Morgan (1970) tabulate it:
 * n = z² N p(1 − p) / (d² (N − 1) + z² p(1 − p)), rounded to the nearest whole respondent as their
 * table is (N = 500 → 217, N = 10,000 → 370).
 */
export function completesNeeded(population: number, margin: number): number {
  const spread = Z95 * Z95 * 0.25;
  const d = margin / 100;
  return Math.round((spread * population) / (d * d * (population - 1) + spread));
}
