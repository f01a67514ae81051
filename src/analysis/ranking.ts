import { criteriaMatrix, rawCriteriaFromMatrix, type CriteriaOptions, type RawCriteria } from "./criteria.js";
import { bordaLength } from "./contributions.js";
import { CRITERIA, EQUAL_WEIGHTS, type Criterion, type CriteriaWeights, type StaffRecord } from "./records.js";
import type { CitizenColumns } from "./columns.js";

export const DEFAULT_GATE_THRESHOLD = 0.5;
const SCORE_TIE = 1e-12;

export type Gate = "pass" | "fail" | "unknown";

export interface RankingOptions extends CriteriaOptions {
  criteriaWeights?: CriteriaWeights;
  /** Services whose feasibility X is below this go to the excluded list. */
  gateThreshold?: number;
}

export interface RankedService {
  service: string;
  /** 1 = first; ties share a rank; null for excluded services. */
  rank: number | null;
  score: number;
  /** Min–max normalised criteria in [0, 1]. */
  criteria: Record<Criterion, number>;
  raw: RawCriteria;
  /** "unknown" when no staff judged feasibility: kept in the ranking, flagged. */
  gate: Gate;
}

export interface RankingResult {
  ranking: RankedService[];
  excluded: RankedService[];
  criteriaWeights: CriteriaWeights;
  gateThreshold: number;
}

/**
 * Min–max normalisation of the six weighted criteria over services (S × 7 in, S × 6 out). A criterion
 * that is the same for every service cannot tell services apart, so it becomes 0 for all rather than
 * 0/0; a service with no data for a criterion gets 0 (the least priority) on it.
 */
export function normaliseCriteria(matrix: Float64Array, S: number, out: Float64Array): Float64Array {
  for (let j = 0; j < 6; j++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < S; k++) {
      const v = matrix[k * 7 + j];
      if (Number.isNaN(v)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    const range = hi - lo;
    const constant = !(range > 1e-12 * Math.max(1, Math.abs(hi)));
    for (let k = 0; k < S; k++) {
      const v = matrix[k * 7 + j];
      out[k * 6 + j] = constant || Number.isNaN(v) ? 0 : (v - lo) / range;
    }
  }
  return out;
}

export function weightVector(w: CriteriaWeights): Float64Array {
  return Float64Array.from(CRITERIA, (c) => w[c]);
}

export function scoresFromCriteria(
  normalised: Float64Array,
  weights: Float64Array,
  S: number,
  out: Float64Array,
): Float64Array {
  for (let k = 0; k < S; k++) {
    let s = 0;
    for (let j = 0; j < 6; j++) s += weights[j] * normalised[k * 6 + j];
    out[k] = s;
  }
  return out;
}

/** Competition ranks (1, 2, 2, 4) by descending score among included services; 0 when excluded. */
export function competitionRanks(scores: Float64Array, included: Uint8Array, out: Int32Array): Int32Array {
  const S = scores.length;
  for (let k = 0; k < S; k++) {
    if (!included[k]) {
      out[k] = 0;
      continue;
    }
    let better = 0;
    for (let l = 0; l < S; l++) if (included[l] && scores[l] > scores[k] + SCORE_TIE) better++;
    out[k] = better + 1;
  }
  return out;
}

export function gateOf(x: number, threshold: number): Gate {
  if (Number.isNaN(x)) return "unknown";
  return x < threshold ? "fail" : "pass";
}

/** Ranking from a raw S × 7 criteria matrix (shared by rankServices, sensitivity and bootstrap). */
export function rankFromMatrix(
  matrix: Float64Array,
  services: readonly string[],
  criteriaWeights: CriteriaWeights = EQUAL_WEIGHTS,
  gateThreshold: number = DEFAULT_GATE_THRESHOLD,
): RankingResult {
  const S = services.length;
  const raw = rawCriteriaFromMatrix(matrix, services);
  const normalised = normaliseCriteria(matrix, S, new Float64Array(S * 6));
  const scores = scoresFromCriteria(normalised, weightVector(criteriaWeights), S, new Float64Array(S));
  const gates = services.map((_, k) => gateOf(matrix[k * 7 + 6], gateThreshold));
  const included = Uint8Array.from(gates, (g) => (g === "fail" ? 0 : 1));
  const ranks = competitionRanks(scores, included, new Int32Array(S));
  const rows: RankedService[] = services.map((service, k) => ({
    service,
    rank: included[k] ? ranks[k] : null,
    score: scores[k],
    criteria: Object.fromEntries(CRITERIA.map((c, j) => [c, normalised[k * 6 + j]])) as Record<Criterion, number>,
    raw: raw[service],
    gate: gates[k],
  }));
  const byRank = (a: RankedService, b: RankedService): number => (a.rank ?? 0) - (b.rank ?? 0) || b.score - a.score;
  return {
    ranking: rows.filter((r) => r.rank !== null).sort(byRank),
    excluded: rows.filter((r) => r.rank === null).sort((a, b) => b.score - a.score),
    criteriaWeights,
    gateThreshold,
  };
}

/** score_s = Σ_k w_k · criterion_k over min–max normalised criteria; X below the threshold excludes s. */
export function rankServices(
  citizens: CitizenColumns,
  staff: ReadonlyArray<StaffRecord>,
  services: readonly string[],
  options: RankingOptions = {},
): RankingResult {
  const criteriaOptions = { ...options, bordaLength: options.bordaLength ?? bordaLength(citizens) };
  const matrix = criteriaMatrix(citizens, staff, services, criteriaOptions);
  return rankFromMatrix(matrix, services, options.criteriaWeights, options.gateThreshold);
}
