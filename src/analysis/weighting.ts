import {
  calibrateCells,
  categoryGaps,
  NO_BOUNDS,
  planCalibration,
  sweepMargins,
  type CalibrationPlan,
  type WeightBounds,
} from "./calibration.js";
import { expandFragments, type Fragments } from "./fractional.js";
import type { MarginTargets } from "./ipf.js";
import { collapseToCells } from "./resample.js";

/** Default upper bound on the weight ratio (weight / mean weight); the lower bound is its inverse. */
export const DEFAULT_WEIGHT_BOUND = 5;
/**
 * Below this effective sample size (Kish) the weighted sample is too thin to rank 32 services: a
 * weighted share then has a 95 % margin of error near ± 18 points, larger than most gaps between services.
 */
export const MIN_EFFECTIVE_N = 30;

export interface RakeOptions {
  /** Starting (design) weights; 1 for everyone when absent. */
  initialWeights?: ArrayLike<number>;
  /** Bounds on the weight ratio g (weight over the mean weight N/n, times the starting weight's share). */
  bounds?: WeightBounds | null;
  /** Relative gap between weighted totals and targets at which raking stops. */
  tolerance?: number;
  maxIterations?: number;
}

export interface WeightSummary {
  deff: number;
  effectiveN: number;
}

/** A margin category the weighting cannot reach: its census target and what the weights give it. */
export interface MarginConflict {
  variable: string;
  category: string;
  target: number;
  achieved: number;
}

export interface WeightingProblem {
  /** empty_groups: a census group nobody in the sample belongs to; not_converged: the margins conflict. */
  kind: "empty_groups" | "not_converged";
  emptyGroups: { variable: string; category: string }[];
  conflicts: MarginConflict[];
}

/** Everything the design-based variance needs: fragments, their starting weights and final ratios. */
export interface WeightingDesign {
  fragments: Fragments;
  /** Starting weight of each fragment (the unit's starting weight, scaled to the population, times its fraction). */
  base: Float64Array;
  /** Final weight of each fragment. */
  weight: Float64Array;
}

export interface RakeResult extends WeightSummary {
  method: "raking";
  /** One weight per unit: the sum of its fragments' weights. */
  weights: number[];
  converged: boolean;
  iterations: number;
  /** The bounds asked for, and whether the final weights respect them (false: raked without bounds instead). */
  bounds: WeightBounds | null;
  boundsMet: boolean;
  /** Largest and smallest weight divided by the mean weight. */
  maxWeightRatio: number;
  minWeightRatio: number;
  /** Units with an unknown or non-census category in at least one margin, split across categories. */
  fractionalUnits: number;
  problem: WeightingProblem | null;
  design: WeightingDesign;
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

function ratios(w: ArrayLike<number>): { max: number; min: number } {
  let s = 0;
  let max = 0;
  let min = Infinity;
  for (let i = 0; i < w.length; i++) {
    s += w[i];
    max = Math.max(max, w[i]);
    min = Math.min(min, w[i]);
  }
  const mean = s / w.length;
  return { max: max / mean, min: min / mean };
}

/** Prepared cells of a sample, shared by the full-sample weighting and the bootstrap replicates. */
export interface WeightingCells {
  fragments: Fragments;
  cellOf: Int32Array;
  plan: CalibrationPlan;
}

export function prepareWeighting(units: ReadonlyArray<Record<string, string>>, targets: MarginTargets): WeightingCells {
  const fragments = expandFragments(units, targets);
  const { cellOf, cells } = collapseToCells(fragments.margins);
  return { fragments, cellOf, plan: planCalibration(cells) };
}

/**
 * The weighting procedure, the same for the full sample and for every bootstrap replicate: raking with
 * the bounds; when the bounds can't be met together with the margins, raking without bounds.
 * `start` holds the cells' starting weights; `g` receives the ratios.
 */
export function weighCells(
  plan: CalibrationPlan,
  start: Float64Array,
  g: Float64Array,
  r: Float64Array,
  bounds: WeightBounds | null,
  tolerance: number,
  maxIterations: number,
  skipEmpty: boolean,
): { converged: boolean; boundsMet: boolean; iterations: number; emptyCategories: number } {
  let iterations = 0;
  if (bounds) {
    const bounded = calibrateCells(plan, start, g, bounds, tolerance, maxIterations, skipEmpty, r);
    iterations += bounded.iterations;
    if (bounded.converged)
      return { converged: true, boundsMet: true, iterations, emptyCategories: bounded.emptyCategories };
  }
  const free = calibrateCells(plan, start, g, NO_BOUNDS, tolerance, maxIterations, skipEmpty, r);
  return {
    converged: free.converged,
    boundsMet: !bounds,
    iterations: iterations + free.iterations,
    emptyCategories: free.emptyCategories,
  };
}

/**
 * Rakes unit weights to census margins. Each unit maps margin variable → category (a crossed margin
 * `eta*sesso` → `30_44*F`) and may also give the parts (`eta` → `30_44`); a unit whose category of a
 * margin is missing or not a census category is split across the compatible categories in proportion to
 * the census counts (see expandFragments). Starting weights are scaled to sum to the population, so the
 * ratio g of a fragment is its weight over the mean weight and the bounds apply to it.
 */
export function rake(
  units: ReadonlyArray<Record<string, string>>,
  targets: MarginTargets,
  options: RakeOptions = {},
): RakeResult {
  const prepared = prepareWeighting(units, targets);
  const { fragments, cellOf, plan } = prepared;
  const n = units.length;
  const population = plan.cells.targets[0].reduce((s, x) => s + x, 0);
  const initial = Float64Array.from({ length: n }, (_, i) => (options.initialWeights ? options.initialWeights[i] : 1));
  const initialTotal = initial.reduce((s, x) => s + x, 0);
  const F = fragments.person.length;
  const base = new Float64Array(F);
  for (let f = 0; f < F; f++)
    base[f] = (initial[fragments.person[f]] * fragments.fraction[f] * population) / initialTotal;
  const K = plan.cells.units;
  const start = new Float64Array(K);
  for (let f = 0; f < F; f++) start[cellOf[f]] += base[f];
  const g = new Float64Array(K);
  const emptyGroups = emptyCategories(fragments);
  const bounds = options.bounds ?? null;
  const r = new Float64Array(K);
  const result = weighCells(
    plan,
    start,
    g,
    r,
    bounds,
    options.tolerance ?? 1e-10,
    options.maxIterations ?? 1000,
    false,
  );
  const weight = Float64Array.from(base, (b, f) => b * g[cellOf[f]]);
  const weights = new Array<number>(n).fill(0);
  for (let f = 0; f < F; f++) weights[fragments.person[f]] += weight[f];
  const { max, min } = ratios(weights);
  const conflicts = result.converged ? [] : marginConflicts(plan, start, g, r);
  const problem: WeightingProblem | null =
    emptyGroups.length > 0
      ? { kind: "empty_groups", emptyGroups, conflicts }
      : result.converged
        ? null
        : { kind: "not_converged", emptyGroups, conflicts };
  let fractionalUnits = 0;
  for (let f = 0; f < F; f++)
    if (fragments.fraction[f] < 1 && (f === 0 || fragments.person[f - 1] !== fragments.person[f])) fractionalUnits++;
  return {
    method: "raking",
    weights,
    converged: result.converged,
    iterations: result.iterations,
    bounds,
    boundsMet: result.converged && result.boundsMet,
    maxWeightRatio: max,
    minWeightRatio: min,
    fractionalUnits,
    problem,
    design: { fragments, base, weight },
    ...kish(weights),
  };
}

/** Census groups with a population but nobody in the sample who is known to belong to them. */
function emptyCategories(fragments: Fragments): { variable: string; category: string }[] {
  const { margins, known } = fragments;
  return margins.variables.flatMap((variable, v) =>
    margins.categories[v]
      .filter((_, c) => known[v][c] === 0 && margins.targets[v][c] > 0)
      .map((category) => ({ variable, category })),
  );
}

/**
 * The categories furthest from their targets when raking stopped, worst first (at most 8). The last
 * margin of a sweep is always met when the sweep ends, which hides its side of the conflict, so its gaps
 * are read after a further pass over the other margins.
 */
function marginConflicts(
  plan: CalibrationPlan,
  start: Float64Array,
  g: Float64Array,
  r: Float64Array,
): MarginConflict[] {
  const V = plan.cells.variables.length;
  const gaps = (ratios: Float64Array, v: number) =>
    categoryGaps(plan, start, ratios, v).map((gap) => ({
      variable: plan.cells.variables[v],
      category: plan.cells.categories[v][gap.category],
      target: gap.target,
      achieved: gap.achieved,
      relative: gap.relative,
    }));
  const all = plan.cells.variables.slice(0, Math.max(1, V - 1)).flatMap((_, v) => gaps(g, v));
  if (V > 1) {
    const again = Float64Array.from(r);
    sweepMargins(plan, start, again, NO_BOUNDS, V - 1);
    all.push(...gaps(again, V - 1));
  }
  // Margins that are only dragged along by the oscillation of the conflicting ones miss by less: keep
  // the gaps of at least half the worst.
  const sorted = all.filter((x) => x.relative > 1e-6).sort((a, b) => b.relative - a.relative);
  const worst = sorted.filter((x) => x.relative >= 0.5 * (sorted[0]?.relative ?? 0));
  // The worst of each margin first, so every margin in conflict is named.
  const firstOfEach = plan.cells.variables
    .map((v) => worst.find((x) => x.variable === v))
    .filter((x) => x !== undefined);
  const rest = worst.filter((x) => !firstOfEach.includes(x));
  return [...firstOfEach, ...rest]
    .slice(0, 8)
    .map(({ variable, category, target, achieved }) => ({ variable, category, target, achieved }));
}
