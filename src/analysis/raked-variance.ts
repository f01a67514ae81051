import { crossedCategory } from "./ipf.js";
import type { WeightedMeanInterval } from "./intervals.js";
import { effectiveSize, weightedMean } from "./intervals.js";
import { tQuantile } from "./student-t.js";

/** survey::svyrecvar removes the raking margins' means from the influence values in 10 fixed passes. */
const RAKING_PASSES = 10;

function categoryCodes(
  units: ReadonlyArray<Record<string, string>>,
  variable: string,
): { codes: Int32Array; size: number } {
  const parts = variable.split("*");
  const index = new Map<string, number>();
  const codes = Int32Array.from(units, (u) => {
    const c = u[variable] ?? crossedCategory(u, parts) ?? "";
    let k = index.get(c);
    if (k === undefined) index.set(c, (k = index.size));
    return k;
  });
  return { codes, size: index.size };
}

/**
 * Weighted mean of raked data with the variance that accounts for the raking, as survey::svymean on
 * a survey::rake design computes it: influence values xᵢ = wᵢ(yᵢ − ȳ)/Σw, projected off each margin
 * (xᵢ ← xᵢ − wᵢ·mean_{j∈c(i)}(xⱼ/wⱼ)), then v = n/(n−1)·Σ(xᵢ − x̄)². Raking explains part of the
 * variation, so this is usually smaller than the weights-only linearisation.
 */
export function rakedMeanInterval(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  units: ReadonlyArray<Record<string, string>>,
  variables: readonly string[],
  level = 0.95,
): WeightedMeanInterval {
  const n = values.length;
  const { sw, mean } = weightedMean(values, weights);
  const effectiveN = effectiveSize(weights);
  if (n < 2) return { mean, n, effectiveN, se: null, low: null, high: null };
  const x = Float64Array.from({ length: n }, (_, i) => (weights[i] * (values[i] - mean)) / sw);
  const margins = variables.map((v) => categoryCodes(units, v));
  for (let pass = 0; pass < RAKING_PASSES; pass++) {
    for (const { codes, size } of margins) {
      const sums = new Float64Array(size);
      const counts = new Float64Array(size);
      for (let i = 0; i < n; i++) {
        sums[codes[i]] += x[i] / weights[i];
        counts[codes[i]]++;
      }
      for (let i = 0; i < n; i++) x[i] -= (weights[i] * sums[codes[i]]) / counts[codes[i]];
    }
  }
  let xbar = 0;
  for (let i = 0; i < n; i++) xbar += x[i] / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x[i] - xbar) ** 2;
  const se = Math.sqrt((n / (n - 1)) * ss);
  const t = tQuantile((1 + level) / 2, n - 1);
  return { mean, n, effectiveN, se, low: mean - t * se, high: mean + t * se };
}
