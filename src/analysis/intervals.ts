import { tQuantile } from "./student-t.js";

/** z for a two-sided 95 % interval, qnorm(0.975). */
export const Z95 = 1.959963984540054;

export interface ProportionInterval {
  estimate: number;
  low: number;
  high: number;
}

export interface MeanInterval {
  mean: number;
  n: number;
  /** Standard error; null when n < 2. */
  se: number | null;
  low: number | null;
  high: number | null;
}

export interface WeightedMeanInterval extends MeanInterval {
  effectiveN: number;
}

/** Wilson score interval for p̂ with sample size n (n may be an effective, non-integer n). */
export function wilsonFromProportion(pHat: number, n: number, z: number = Z95): ProportionInterval {
  if (!(n > 0)) return { estimate: Number.NaN, low: 0, high: 1 };
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (pHat + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((pHat * (1 - pHat)) / n + z2 / (4 * n * n));
  return { estimate: pHat, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Wilson score interval for x successes out of n. */
export function wilson(x: number, n: number, z: number = Z95): ProportionInterval {
  return wilsonFromProportion(n > 0 ? x / n : Number.NaN, n, z);
}

/** Kish effective sample size (Σw)² / Σw². */
export function effectiveSize(weights: ArrayLike<number>): number {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i];
    s2 += weights[i] * weights[i];
  }
  return s2 > 0 ? (s * s) / s2 : 0;
}

/** Wilson interval with the weighted proportion and the Kish effective n of the base. */
export function weightedWilson(
  indicator: ArrayLike<boolean | number>,
  weights: ArrayLike<number>,
  z: number = Z95,
): ProportionInterval {
  let s = 0;
  let hit = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i];
    if (indicator[i]) hit += weights[i];
  }
  return wilsonFromProportion(s > 0 ? hit / s : Number.NaN, effectiveSize(weights), z);
}

/** Mean with a Student t interval; the finite population correction √(1 − n/N) when N is given. */
export function meanInterval(values: ArrayLike<number>, level = 0.95, populationSize?: number): MeanInterval {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  const mean = n > 0 ? sum / n : Number.NaN;
  if (n < 2) return { mean, n, se: null, low: null, high: null };
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - mean) ** 2;
  const fpc = populationSize ? Math.sqrt(Math.max(0, 1 - n / populationSize)) : 1;
  const se = (Math.sqrt(ss / (n - 1)) / Math.sqrt(n)) * fpc;
  const t = tQuantile((1 + level) / 2, n - 1);
  return { mean, n, se, low: mean - t * se, high: mean + t * se };
}

/** Σw and the weighted mean (NaN when the weights sum to nothing). */
export function weightedMean(values: ArrayLike<number>, weights: ArrayLike<number>): { sw: number; mean: number } {
  let sw = 0;
  let swy = 0;
  for (let i = 0; i < values.length; i++) {
    sw += weights[i];
    swy += weights[i] * values[i];
  }
  return { sw, mean: sw > 0 ? swy / sw : Number.NaN };
}

/**
 * Weighted mean with the linearisation variance v = n/(n−1)·Σ wᵢ²(yᵢ − ȳ_w)²/(Σw)², which is
 * survey::svymean for a with-replacement design defined by the weights alone; the interval uses
 * t with n − 1 degrees of freedom, as confint(..., df = degf(design)) does.
 */
export function weightedMeanInterval(
  values: ArrayLike<number>,
  weights: ArrayLike<number>,
  level = 0.95,
): WeightedMeanInterval {
  const n = values.length;
  const { sw, mean } = weightedMean(values, weights);
  const effectiveN = effectiveSize(weights);
  if (n < 2 || !(sw > 0)) return { mean, n, effectiveN, se: null, low: null, high: null };
  let acc = 0;
  for (let i = 0; i < n; i++) acc += (weights[i] * (values[i] - mean)) ** 2;
  const se = Math.sqrt(((n / (n - 1)) * acc) / (sw * sw));
  const t = tQuantile((1 + level) / 2, n - 1);
  return { mean, n, effectiveN, se, low: mean - t * se, high: mean + t * se };
}
