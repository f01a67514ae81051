import { categoryFactor, clamp } from "./category-factor.js";
import type { CompiledMargins } from "./ipf.js";

/** Bounds on the weight ratio g = final weight / starting weight (starting weights average N/n). */
export interface WeightBounds {
  lower: number;
  upper: number;
}

export const NO_BOUNDS: WeightBounds = { lower: 0, upper: Infinity };

/** Category members as offsets into one index array per margin, built once per set of cells. */
export interface CalibrationPlan {
  cells: CompiledMargins;
  offsets: Int32Array[];
  members: Int32Array[];
  /** Scratch for the breakpoints of one category. */
  breaks: Float64Array;
}

export interface CalibrationResult {
  converged: boolean;
  iterations: number;
  /** Largest |weighted total − target| / target over the margins' categories after the last sweep. */
  misfit: number;
  /** Categories with a target but no weight at all (left unadjusted only with skipEmpty). */
  emptyCategories: number;
}

export function planCalibration(cells: CompiledMargins): CalibrationPlan {
  const offsets: Int32Array[] = [];
  const members: Int32Array[] = [];
  let largest = 0;
  cells.codes.forEach((code, v) => {
    const K = cells.targets[v].length;
    const off = new Int32Array(K + 1);
    for (let i = 0; i < cells.units; i++) off[code[i] + 1]++;
    for (let c = 0; c < K; c++) {
      largest = Math.max(largest, off[c + 1]);
      off[c + 1] += off[c];
    }
    const at = off.slice(0, K);
    const mem = new Int32Array(cells.units);
    for (let i = 0; i < cells.units; i++) mem[at[code[i]]++] = i;
    offsets.push(off);
    members.push(mem);
  });
  return { cells, offsets, members, breaks: new Float64Array(2 * largest) };
}

/**
 * Raking with bounds on the weight ratio, over cells: the ratio of cell j is g_j = clamp(r_j, lower, upper)
 * and each step multiplies the r of one category's cells by the s that puts that category exactly on its
 * target. Without bounds it is classical iterative proportional fitting; with them it reaches the weights
 * of survey::calibrate(calfun = "raking", bounds = ...), the unique closest weights in the raking distance
 * that meet the margins within the bounds. Stops when every category is within `tolerance` (relative) of
 * its target; `g` receives the ratios.
 */
export function calibrateCells(
  plan: CalibrationPlan,
  start: Float64Array,
  g: Float64Array,
  bounds: WeightBounds,
  tolerance: number,
  maxIterations: number,
  skipEmpty: boolean,
  r: Float64Array,
): CalibrationResult {
  const { cells } = plan;
  const n = cells.units;
  r.fill(1, 0, n);
  let emptyCategories = 0;
  let misfit = Infinity;
  let iterations = 0;
  for (let j = 0; j < n; j++) g[j] = clamp(1, bounds);
  if (!withinReach(plan, start, bounds)) return { converged: false, iterations: 0, misfit, emptyCategories: 0 };
  const history = new Float64Array(STALL_WINDOW);
  while (iterations < maxIterations) {
    iterations++;
    const empty = sweepMargins(plan, start, r, bounds, cells.codes.length);
    if (iterations === 1) emptyCategories = empty;
    for (let j = 0; j < n; j++) g[j] = clamp(r[j], bounds);
    misfit = marginMisfit(plan, start, g, skipEmpty);
    if (misfit < tolerance) break;
    // Raking converges geometrically when the margins and bounds can be met together; a gap that has
    // shrunk by less than 1 % in the last STALL_WINDOW sweeps would need tens of thousands more: it is
    // stuck on margins or bounds that conflict, and going on only costs time (1,000 replicates).
    const slot = iterations % STALL_WINDOW;
    if (iterations > 2 * STALL_WINDOW && misfit > 0.99 * history[slot]) break;
    history[slot] = misfit;
  }
  return { converged: misfit < tolerance, iterations, misfit, emptyCategories: skipEmpty ? emptyCategories : 0 };
}

const STALL_WINDOW = 25;

/**
 * False when some category's target is out of reach whatever the other margins do: above its starting
 * weight times the upper bound, or below it times the lower bound (a group too small for the bounds).
 */
function withinReach(plan: CalibrationPlan, start: Float64Array, bounds: WeightBounds): boolean {
  if (bounds.lower <= 0 && bounds.upper === Infinity) return true;
  for (let v = 0; v < plan.cells.codes.length; v++) {
    const off = plan.offsets[v];
    const mem = plan.members[v];
    const target = plan.cells.targets[v];
    for (let c = 0; c < target.length; c++) {
      let mass = 0;
      for (let e = off[c]; e < off[c + 1]; e++) mass += start[mem[e]];
      if (!(mass > 0)) continue;
      if (target[c] > bounds.upper * mass * (1 + 1e-12) || target[c] < bounds.lower * mass * (1 - 1e-12)) return false;
    }
  }
  return true;
}

/**
 * One raking pass over the first `margins` margins: each category's cells multiplied by the factor that
 * puts it on its target. Returns the categories with a target but no weight (left alone).
 */
export function sweepMargins(
  plan: CalibrationPlan,
  start: Float64Array,
  r: Float64Array,
  bounds: WeightBounds,
  margins: number,
): number {
  let empty = 0;
  for (let v = 0; v < margins; v++) {
    const off = plan.offsets[v];
    const mem = plan.members[v];
    const target = plan.cells.targets[v];
    for (let c = 0; c < target.length; c++) {
      const s = categoryFactor(plan.breaks, off[c], off[c + 1], mem, start, r, target[c], bounds);
      if (Number.isNaN(s)) {
        if (target[c] > 0) empty++;
        continue;
      }
      for (let e = off[c]; e < off[c + 1]; e++) r[mem[e]] *= s;
    }
  }
  return empty;
}

/** Largest relative gap between a category's weighted total and its target (categories without weight skipped when asked). */
export function marginMisfit(plan: CalibrationPlan, start: Float64Array, g: Float64Array, skipEmpty: boolean): number {
  let worst = 0;
  plan.cells.codes.forEach((_, v) => {
    for (const gap of categoryGaps(plan, start, g, v, skipEmpty)) worst = Math.max(worst, gap.relative);
  });
  return worst;
}

/** Weighted total against target for every category of margin v. */
export function categoryGaps(
  plan: CalibrationPlan,
  start: Float64Array,
  g: Float64Array,
  v: number,
  skipEmpty = false,
): { category: number; achieved: number; target: number; relative: number }[] {
  const off = plan.offsets[v];
  const mem = plan.members[v];
  const target = plan.cells.targets[v];
  let total = 0;
  for (let c = 0; c < target.length; c++) total += target[c];
  const out = [];
  for (let c = 0; c < target.length; c++) {
    let achieved = 0;
    let mass = 0;
    for (let e = off[c]; e < off[c + 1]; e++) {
      achieved += start[mem[e]] * g[mem[e]];
      mass += start[mem[e]];
    }
    if (skipEmpty && !(mass > 0)) continue;
    const relative = Math.abs(achieved - target[c]) / (target[c] > 0 ? target[c] : total);
    out.push({ category: c, achieved, target: target[c], relative });
  }
  return out;
}
