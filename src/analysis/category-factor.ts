import type { WeightBounds } from "./calibration.js";

/**
 * One step of bounded raking: the factor that puts one category of a margin on its target when each
 * cell's weight ratio is clamped to the bounds. Kept apart from the raking loop (calibration.ts): it is
 * the one piece that solves an equation, and it runs for every category of every pass of every replicate.
 */

export function clamp(x: number, b: WeightBounds): number {
  return x < b.lower ? b.lower : x > b.upper ? b.upper : x;
}

/**
 * Σ_j d_j·clamp(r_j·s) over one category's cells. A function of its own, not a closure: it runs for
 * every category of every raking pass of every bootstrap replicate.
 */
function boundedTotal(
  from: number,
  to: number,
  mem: Int32Array,
  d: Float64Array,
  r: Float64Array,
  s: number,
  b: WeightBounds,
): number {
  let acc = 0;
  for (let e = from; e < to; e++) acc += d[mem[e]] * clamp(r[mem[e]] * s, b);
  return acc;
}

/**
 * True when s = target / (Σ d·r) keeps every cell's ratio r·s inside the bounds with room to spare: then
 * the crossing lies on the piece where no cell is clamped, the piece the breakpoint search below would find
 * and solve to exactly this s (the margin of 10⁻⁹ is far above the rounding of the totals, so no rounding
 * can move the crossing to a neighbouring piece). Most categories of a converging raking take this path.
 */
function allFreeAt(
  from: number,
  to: number,
  mem: Int32Array,
  d: Float64Array,
  r: Float64Array,
  s: number,
  b: WeightBounds,
): boolean {
  const low = b.lower * (1 + 1e-9);
  const high = b.upper * (1 - 1e-9);
  for (let e = from; e < to; e++) {
    const j = mem[e];
    if (!(d[j] > 0)) continue;
    const x = r[j] * s;
    if (!(x > low && x < high)) return false;
  }
  return true;
}

/**
 * The factor s with Σ_j d_j·clamp(r_j·s) = T over one category's cells: a continuous, non-decreasing,
 * piecewise-linear function of s, solved exactly between its breakpoints. Returns NaN when the category
 * has no weight; a target outside what the bounds allow gets the nearest reachable s. `breaks` is
 * scratch space for the breakpoints, twice the category's size at least (CalibrationPlan.breaks).
 */
export function categoryFactor(
  breaks: Float64Array,
  from: number,
  to: number,
  mem: Int32Array,
  d: Float64Array,
  r: Float64Array,
  target: number,
  b: WeightBounds,
): number {
  let free = 0;
  for (let e = from; e < to; e++) free += d[mem[e]] * r[mem[e]];
  if (!(free > 0)) return Number.NaN;
  if (b.lower <= 0 && b.upper === Infinity) return target / free;
  if (allFreeAt(from, to, mem, d, r, target / free, b)) return target / free;
  let nb = 0;
  for (let e = from; e < to; e++) {
    const j = mem[e];
    if (!(d[j] > 0)) continue;
    if (b.lower > 0) breaks[nb++] = b.lower / r[j];
    if (b.upper < Infinity) breaks[nb++] = b.upper / r[j];
  }
  const sorted = breaks.subarray(0, nb).sort();
  // Find the segment [lo, hi] of s where h crosses the target, then solve the linear piece. The total is
  // non-decreasing in s even in floating point (rounding is monotone), so a binary search finds the same
  // first breakpoint at or above the target as a scan would, in log(n) totals instead of n.
  let first = 0;
  let past = nb;
  while (first < past) {
    const k = (first + past) >>> 1;
    if (boundedTotal(from, to, mem, d, r, sorted[k], b) >= target) past = k;
    else first = k + 1;
  }
  const lo = first > 0 ? sorted[first - 1] : 0;
  const hi = first < nb ? sorted[first] : Infinity;
  if (hi === Infinity && b.upper < Infinity) return sorted[nb - 1];
  if (lo === 0 && b.lower > 0 && hi === sorted[0]) return hi;
  const mid = hi === Infinity ? lo * 2 + 1 : (lo + hi) / 2;
  let fixed = 0;
  let slope = 0;
  for (let e = from; e < to; e++) {
    const j = mem[e];
    const x = r[j] * mid;
    if (x <= b.lower) fixed += d[j] * b.lower;
    else if (x >= b.upper) fixed += d[j] * b.upper;
    else slope += d[j] * r[j];
  }
  return slope > 0 ? (target - fixed) / slope : hi;
}
