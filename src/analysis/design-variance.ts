import { wilsonFromProportion, Z95 } from "./intervals.js";
import { tQuantile } from "./student-t.js";
import type { WeightingDesign } from "./weighting.js";

export interface DesignEstimate {
  /** Weighted mean (or share) over the domain. */
  estimate: number;
  /** Raking-linearised standard error; null with fewer than 2 units in the domain. */
  se: number | null;
  /** Units in the domain. */
  n: number;
  /** Degrees of freedom of the t interval: units in the domain − 1. */
  df: number;
  /** For a share: p(1 − p)/SE², the estimate's own effective n (Kish's where p is 0 or 1). */
  effectiveN: number | null;
  low: number | null;
  high: number | null;
}

/** The calibration projection of a design: the margins' indicator columns and a factor of their weighted cross-products. */
export interface Projection {
  columns: number;
  /** columnOf[v][c]: column of category c of margin v, or -1 when it adds nothing (a redundant column). */
  columnOf: Int32Array[];
  /** Lower-triangular Cholesky factor (row-major, columns × columns); dropped columns have a zero row and column. */
  chol: Float64Array;
  dropped: Uint8Array;
  /** Each unit's weight: the sum of its fragments'. */
  personWeight: Float64Array;
  /** fragmentColumns[f * V + v]: the column of fragment f's category of margin v, or -1. */
  fragmentColumns: Int32Array;
  margins: number;
}

const projections = new WeakMap<WeightingDesign, Projection>();

export function projectionOf(design: WeightingDesign): Projection {
  const cached = projections.get(design);
  if (cached) return cached;
  const { margins, person, persons } = design.fragments;
  const F = person.length;
  // Every category of the first margin, every category but the first of the others: the span of all
  // the margins' indicators, as model.matrix(~a + b) gives with its intercept.
  let columns = 0;
  const columnOf = margins.categories.map((cats, v) =>
    Int32Array.from(cats, (_, c) => (v > 0 && c === 0 ? -1 : columns++)),
  );
  const A = new Float64Array(columns * columns);
  const cols = new Int32Array(margins.codes.length);
  for (let f = 0; f < F; f++) {
    let k = 0;
    for (let v = 0; v < margins.codes.length; v++) {
      const col = columnOf[v][margins.codes[v][f]];
      if (col >= 0) cols[k++] = col;
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) A[cols[a] * columns + cols[b]] += design.base[f];
  }
  // Cholesky with a column skipped when it lies in the span of the previous ones (crossed margins that
  // share a variable, a category with no weight): the projection is the same, as qr.resid's pivoting gives.
  const chol = new Float64Array(columns * columns);
  const dropped = new Uint8Array(columns);
  for (let j = 0; j < columns; j++) {
    let d = A[j * columns + j];
    for (let k = 0; k < j; k++) d -= chol[j * columns + k] ** 2;
    if (!(d > 1e-10 * Math.max(A[j * columns + j], 1e-300))) {
      dropped[j] = 1;
      continue;
    }
    const root = Math.sqrt(d);
    chol[j * columns + j] = root;
    for (let i = j + 1; i < columns; i++) {
      let s = A[i * columns + j];
      for (let k = 0; k < j; k++) s -= chol[i * columns + k] * chol[j * columns + k];
      chol[i * columns + j] = s / root;
    }
  }
  const personWeight = new Float64Array(persons);
  for (let f = 0; f < F; f++) personWeight[person[f]] += design.weight[f];
  const V = margins.codes.length;
  const fragmentColumns = new Int32Array(F * V);
  for (let f = 0; f < F; f++) for (let v = 0; v < V; v++) fragmentColumns[f * V + v] = columnOf[v][margins.codes[v][f]];
  const projection = { columns, columnOf, chol, dropped, personWeight, fragmentColumns, margins: V };
  projections.set(design, projection);
  return projection;
}

export function solve(p: Projection, b: Float64Array): Float64Array {
  const n = p.columns;
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (p.dropped[i]) continue;
    let s = b[i];
    for (let k = 0; k < i; k++) s -= p.chol[i * n + k] * y[k];
    y[i] = s / p.chol[i * n + i];
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (p.dropped[i]) continue;
    let s = y[i];
    for (let k = i + 1; k < n; k++) s -= p.chol[k * n + i] * x[k];
    x[i] = s / p.chol[i * n + i];
  }
  return x;
}

/**
 * Weighted mean of y over a domain (the units where y is a number) with the standard error of
 * survey::svymean on the calibrated design, as survey::calibrate and svyrecvar compute it: influence
 * values uᵢ = (yᵢ − ȳ)/Σw in the domain and 0 outside, the residuals of their regression on the margins'
 * indicators weighted by the starting weights, times the final weights, summed within each unit (a unit
 * split into fragments is one cluster), then v = n/(n − 1)·Σ(Xᵢ − X̄)² over all n units.
 */
export function designMean(design: WeightingDesign, y: ArrayLike<number>, level = 0.95): DesignEstimate {
  const p = projectionOf(design);
  const { person, persons } = design.fragments;
  const w = p.personWeight;
  let sw = 0;
  let swy = 0;
  let inDomain = 0;
  for (let i = 0; i < persons; i++) {
    if (Number.isNaN(y[i])) continue;
    inDomain++;
    sw += w[i];
    swy += w[i] * y[i];
  }
  const estimate = sw > 0 ? swy / sw : Number.NaN;
  if (inDomain < 2 || !(sw > 0))
    return { estimate, se: null, n: inDomain, df: Math.max(0, inDomain - 1), effectiveN: null, low: null, high: null };
  const F = person.length;
  const V = p.margins;
  const cols = p.fragmentColumns;
  const base = design.base;
  const weight = design.weight;
  const b = new Float64Array(p.columns);
  // u_f = (y − ȳ)/Σw in the domain, 0 outside: one value per unit, shared by its fragments.
  const u = new Float64Array(persons);
  for (let i = 0; i < persons; i++) u[i] = Number.isNaN(y[i]) ? 0 : (y[i] - estimate) / sw;
  for (let f = 0; f < F; f++) {
    const uf = u[person[f]];
    if (uf === 0) continue;
    const x = base[f] * uf;
    for (let v = 0, o = f * V; v < V; v++) {
      const col = cols[o + v];
      if (col >= 0) b[col] += x;
    }
  }
  const beta = solve(p, b);
  const X = new Float64Array(persons);
  for (let f = 0; f < F; f++) {
    let fitted = 0;
    for (let v = 0, o = f * V; v < V; v++) {
      const col = cols[o + v];
      if (col >= 0) fitted += beta[col];
    }
    X[person[f]] += weight[f] * (u[person[f]] - fitted);
  }
  let mean = 0;
  for (let i = 0; i < persons; i++) mean += X[i] / persons;
  let ss = 0;
  for (let i = 0; i < persons; i++) ss += (X[i] - mean) ** 2;
  const se = Math.sqrt((persons / (persons - 1)) * ss);
  const t = tQuantile((1 + level) / 2, inDomain - 1);
  return {
    estimate,
    se,
    n: inDomain,
    df: inDomain - 1,
    effectiveN: null,
    low: estimate - t * se,
    high: estimate + t * se,
  };
}

/**
 * A weighted share over a domain (indicator 1/0, NaN outside) with a Wilson interval on the estimate's
 * own effective n = p(1 − p)/SE², SE from designMean; where p is 0 or 1 that is undefined and the Kish
 * effective n of the domain's weights is used.
 */
export function designShare(design: WeightingDesign, indicator: ArrayLike<number>, z: number = Z95): DesignEstimate {
  const m = designMean(design, indicator);
  const p = m.estimate;
  if (!Number.isFinite(p)) return { ...m, effectiveN: null, low: null, high: null };
  let effectiveN: number;
  if (p > 0 && p < 1 && m.se !== null && m.se > 0) effectiveN = (p * (1 - p)) / (m.se * m.se);
  else {
    const w = projectionOf(design).personWeight;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < w.length; i++) {
      if (Number.isNaN(indicator[i])) continue;
      s += w[i];
      s2 += w[i] * w[i];
    }
    effectiveN = s2 > 0 ? (s * s) / s2 : 0;
  }
  const ci = wilsonFromProportion(p, effectiveN, z);
  return { ...m, effectiveN, low: ci.low, high: ci.high };
}
