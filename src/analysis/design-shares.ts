import { wilsonFromProportion, Z95 } from "./intervals.js";
import { projectionOf, solve, type DesignEstimate, type Projection } from "./design-variance.js";
import type { WeightingDesign } from "./weighting.js";

/**
 * Per unit, what every share of every question needs from the design, computed once per design:
 * Hᵢ = Σ base_f x_f and Gᵢ = Σ w_f x_f over the unit's fragments (x_f: the fragment's indicator
 * columns of the margins), and M = Σ Gᵢ Gᵢᵀ.
 */
interface SharesBasis {
  projection: Projection;
  /** H[i * C + c] and G[i * C + c], C = projection.columns. */
  H: Float64Array;
  G: Float64Array;
  /** Σᵢ Gᵢ (C) and M = Σᵢ GᵢGᵢᵀ (C × C). */
  gTotal: Float64Array;
  M: Float64Array;
}

const bases = new WeakMap<WeightingDesign, SharesBasis>();

function basisOf(design: WeightingDesign): SharesBasis {
  const cached = bases.get(design);
  if (cached) return cached;
  const projection = projectionOf(design);
  const { person, persons } = design.fragments;
  const C = projection.columns;
  const V = projection.margins;
  const H = new Float64Array(persons * C);
  const G = new Float64Array(persons * C);
  for (let f = 0; f < person.length; f++) {
    const o = person[f] * C;
    for (let v = 0; v < V; v++) {
      const col = projection.fragmentColumns[f * V + v];
      if (col < 0) continue;
      H[o + col] += design.base[f];
      G[o + col] += design.weight[f];
    }
  }
  const gTotal = new Float64Array(C);
  const M = new Float64Array(C * C);
  for (let i = 0; i < persons; i++) {
    const o = i * C;
    for (let a = 0; a < C; a++) {
      const ga = G[o + a];
      if (ga === 0) continue;
      gTotal[a] += ga;
      for (let b = 0; b < C; b++) M[a * C + b] += ga * G[o + b];
    }
  }
  const basis = { projection, H, G, gTotal, M };
  bases.set(design, basis);
  return basis;
}

/** Sums over the units of one group (the domain, or those who chose one category). */
class GroupSums {
  w = 0;
  w2 = 0;
  units = 0;
  readonly h: Float64Array;
  readonly wg: Float64Array;
  constructor(columns: number) {
    this.h = new Float64Array(columns);
    this.wg = new Float64Array(columns);
  }
  add(basis: SharesBasis, i: number, weight: number): void {
    this.w += weight;
    this.w2 += weight * weight;
    this.units++;
    const C = this.h.length;
    const o = i * C;
    for (let c = 0; c < C; c++) {
      this.h[c] += basis.H[o + c];
      this.wg[c] += weight * basis.G[o + c];
    }
  }
}

/**
 * Every category's weighted share of one question, with the same raking-linearised standard error and
 * Wilson interval as designShare gives for its 1/0 indicator (NaN outside the domain), from one pass
 * over the answers instead of one per category. The influence values of category k are
 * Xᵢ = Wᵢuᵢ − Gᵢ·β, uᵢ = (yᵢ − p)/Σw in the domain and 0 outside, β = A⁻¹Σ Hᵢuᵢ; every sum the variance
 * needs (Σ Hᵢuᵢ, Σ Wᵢ²uᵢ², Σ WᵢuᵢGᵢ) is a difference of the category's and the domain's sums, and
 * Σ Xᵢ² = Σ Wᵢ²uᵢ² − 2β·Σ WᵢuᵢGᵢ + βᵀMβ. `units[j]` is the design unit of answer j; an answer is a
 * category, several (a multiple choice), or undefined (not in the domain).
 */
export function designShares(
  design: WeightingDesign,
  units: ArrayLike<number>,
  answers: ReadonlyArray<string | readonly string[] | undefined>,
  categories: readonly string[],
  z: number = Z95,
): Map<string, DesignEstimate> {
  const basis = basisOf(design);
  const { projection } = basis;
  const C = projection.columns;
  const W = projection.personWeight;
  const index = new Map(categories.map((c, k) => [c, k]));
  const domain = new GroupSums(C);
  const chose = categories.map(() => new GroupSums(C));
  const seen = new Int32Array(categories.length).fill(-1);
  for (let j = 0; j < answers.length; j++) {
    const a = answers[j];
    if (a === undefined) continue;
    const i = units[j];
    domain.add(basis, i, W[i]);
    if (typeof a === "string") {
      const k = index.get(a);
      if (k !== undefined) chose[k].add(basis, i, W[i]);
      continue;
    }
    for (const c of a) {
      const k = index.get(c);
      // A category named twice in one answer counts once, as `includes` does.
      if (k === undefined || seen[k] === j) continue;
      seen[k] = j;
      chose[k].add(basis, i, W[i]);
    }
  }
  const out = new Map<string, DesignEstimate>();
  categories.forEach((c, k) => out.set(c, share(basis, domain, chose[k], z)));
  return out;
}

function share(basis: SharesBasis, domain: GroupSums, chose: GroupSums, z: number): DesignEstimate {
  const { projection, M, gTotal } = basis;
  const C = projection.columns;
  const persons = projection.personWeight.length;
  const n = domain.units;
  const sw = domain.w;
  const p = sw > 0 ? chose.w / sw : Number.NaN;
  const none = { estimate: p, se: null, n, df: Math.max(0, n - 1), effectiveN: null, low: null, high: null };
  if (!Number.isFinite(p)) return none;
  let se: number | null = null;
  if (n >= 2) {
    const b = new Float64Array(C);
    const wug = new Float64Array(C);
    for (let c = 0; c < C; c++) {
      b[c] = (chose.h[c] - p * domain.h[c]) / sw;
      wug[c] = (chose.wg[c] - p * domain.wg[c]) / sw;
    }
    const beta = solve(projection, b);
    const wu2 = ((1 - p) ** 2 * chose.w2 + p * p * (domain.w2 - chose.w2)) / (sw * sw);
    let cross = 0;
    let quad = 0;
    let gBeta = 0;
    for (let a = 0; a < C; a++) {
      cross += beta[a] * wug[a];
      gBeta += gTotal[a] * beta[a];
      let row = 0;
      for (let c = 0; c < C; c++) row += M[a * C + c] * beta[c];
      quad += beta[a] * row;
    }
    // Σ Wᵢuᵢ is 0 (p is the weighted mean of y), so X̄ = −Σ Gᵢ·β / units.
    const mean = -gBeta / persons;
    const ss = Math.max(0, wu2 - 2 * cross + quad - persons * mean * mean);
    se = Math.sqrt((persons / (persons - 1)) * ss);
  }
  let effectiveN: number;
  if (p > 0 && p < 1 && se !== null && se > 0) effectiveN = (p * (1 - p)) / (se * se);
  else effectiveN = domain.w2 > 0 ? (sw * sw) / domain.w2 : 0;
  const ci = wilsonFromProportion(p, effectiveN, z);
  return { estimate: p, se, n, df: n - 1, effectiveN, low: ci.low, high: ci.high };
}
