import { compileMargins, ipf, type IpfOptions, type MarginTargets } from "./ipf.js";

export const DEFAULT_TRIM_FACTOR = 5;

export interface RakeOptions extends Omit<IpfOptions, "skipEmpty"> {
  /** "skip": a unit without a category for a margin is left out of that margin (default: an error). */
  missing?: "error" | "skip";
  /** Starting (design) weights; 1 for everyone when absent. */
  initialWeights?: ArrayLike<number>;
  /** Trim weights at k × the mean weight and re-rake; `true` means k = 5. */
  trim?: boolean | number;
  maxTrimRounds?: number;
}

export interface WeightSummary {
  deff: number;
  effectiveN: number;
}

export interface RakeResult extends WeightSummary {
  method: "raking";
  weights: number[];
  converged: boolean;
  /** Raking sweeps over all margins, summed over trimming rounds. */
  iterations: number;
  trimRounds: number;
  /** Largest weight divided by the mean weight, after any trimming. */
  maxWeightRatio: number;
}

/** Kish: deff = nΣw²/(Σw)², effective n = (Σw)²/Σw². */
export function kish(weights: ArrayLike<number>): WeightSummary {
  let s = 0;
  let s2 = 0;
  for (let i = 0; i < weights.length; i++) {
    s += weights[i];
    s2 += weights[i] * weights[i];
  }
  return { deff: (weights.length * s2) / (s * s), effectiveN: (s * s) / s2 };
}

function maxRatio(w: Float64Array): number {
  let s = 0;
  let m = 0;
  for (let i = 0; i < w.length; i++) {
    s += w[i];
    m = Math.max(m, w[i]);
  }
  return m / (s / w.length);
}

/**
 * Rakes unit weights to census margins. Each unit maps margin variable → category (crossed margins
 * are variables whose category is the joined string, e.g. `eta*sesso` → `30_44*F`).
 * Throws AnalysisError when the sample and the margins do not fit together.
 */
export function rake(
  units: ReadonlyArray<Record<string, string>>,
  targets: MarginTargets,
  options: RakeOptions = {},
): RakeResult {
  const margins = compileMargins(units, targets, options.missing);
  const w = new Float64Array(units.length);
  for (let i = 0; i < w.length; i++) w[i] = options.initialWeights ? options.initialWeights[i] : 1;
  const ipfOptions = { tolerance: options.tolerance, maxIterations: options.maxIterations };
  let result = ipf(margins, w, ipfOptions);
  let iterations = result.iterations;
  let trimRounds = 0;
  const factor = options.trim === true ? DEFAULT_TRIM_FACTOR : options.trim || 0;
  if (factor > 0) {
    const maxRounds = options.maxTrimRounds ?? 50;
    // Trimming pulls the margins off target and re-raking pushes weights back up, so alternate
    // (as anesrake does) until the raked weights respect the cap.
    while (trimRounds < maxRounds && maxRatio(w) > factor * (1 + 1e-9)) {
      let s = 0;
      for (let i = 0; i < w.length; i++) s += w[i];
      const cap = (factor * s) / w.length;
      for (let i = 0; i < w.length; i++) if (w[i] > cap) w[i] = cap;
      result = ipf(margins, w, ipfOptions);
      iterations += result.iterations;
      trimRounds++;
    }
  }
  return {
    method: "raking",
    weights: Array.from(w),
    converged: result.converged,
    iterations,
    trimRounds,
    maxWeightRatio: maxRatio(w),
    ...kish(w),
  };
}
