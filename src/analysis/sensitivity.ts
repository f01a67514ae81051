import { criteriaMatrix } from "./criteria.js";
import { bordaLength } from "./contributions.js";
import { DEFAULT_GATE_THRESHOLD, rankFromMatrix, type RankingOptions } from "./ranking.js";
import { CRITERIA, EQUAL_WEIGHTS, type Criterion, type CriteriaWeights, type StaffRecord } from "./records.js";
import type { CitizenColumns } from "./columns.js";

export interface RankShift {
  service: string;
  baseRank: number;
  rank: number;
}

export interface WeightPerturbation {
  criterion: Criterion;
  /** Multiplier applied to that criterion's weight, e.g. 0.8 or 1.2. */
  factor: number;
  weights: CriteriaWeights;
  /** Every ranked service with its rank before and after. */
  ranks: RankShift[];
  /** Services whose rank changed. */
  changed: number;
  maxShift: number;
}

/** Re-ranks with each weight in turn multiplied by 1 − delta and 1 + delta (the others unchanged). */
export function sensitivityFromMatrix(
  matrix: Float64Array,
  services: readonly string[],
  weights: CriteriaWeights = EQUAL_WEIGHTS,
  gateThreshold: number = DEFAULT_GATE_THRESHOLD,
  delta = 0.2,
): WeightPerturbation[] {
  const base = rankFromMatrix(matrix, services, weights, gateThreshold);
  const baseRank = new Map(base.ranking.map((r) => [r.service, r.rank!]));
  const out: WeightPerturbation[] = [];
  for (const criterion of CRITERIA) {
    for (const factor of [1 - delta, 1 + delta]) {
      const w = { ...weights, [criterion]: weights[criterion] * factor };
      const ranking = rankFromMatrix(matrix, services, w, gateThreshold).ranking;
      const ranks = ranking.map((r) => ({ service: r.service, baseRank: baseRank.get(r.service)!, rank: r.rank! }));
      const shifts = ranks.map((r) => Math.abs(r.rank - r.baseRank));
      out.push({
        criterion,
        factor,
        weights: w,
        ranks,
        changed: shifts.filter((s) => s > 0).length,
        maxShift: Math.max(0, ...shifts),
      });
    }
  }
  return out;
}

export interface GatePerturbation {
  /** The feasibility threshold tried. */
  threshold: number;
  /** Services ranked at this threshold that the base threshold excludes, and the reverse. */
  entering: string[];
  leaving: string[];
  /** The services ranked at both thresholds, with their rank before and after. */
  ranks: RankShift[];
  /** Services among the first k at this threshold. */
  top: string[];
}

/**
 * The ranking with the feasibility gate moved by ±step (default 0.1, within [0, 1]): which services enter
 * or leave the ranking, how the others move, and the first k.
 */
export function gateSensitivityFromMatrix(
  matrix: Float64Array,
  services: readonly string[],
  weights: CriteriaWeights = EQUAL_WEIGHTS,
  gateThreshold: number = DEFAULT_GATE_THRESHOLD,
  topK = 5,
  step = 0.1,
): GatePerturbation[] {
  const base = rankFromMatrix(matrix, services, weights, gateThreshold);
  const baseRank = new Map(base.ranking.map((r) => [r.service, r.rank!]));
  const thresholds = [gateThreshold - step, gateThreshold + step].filter((t) => t >= 0 && t <= 1);
  return thresholds.map((threshold) => {
    const ranking = rankFromMatrix(matrix, services, weights, threshold).ranking;
    const now = new Set(ranking.map((r) => r.service));
    return {
      threshold,
      entering: ranking.filter((r) => !baseRank.has(r.service)).map((r) => r.service),
      leaving: base.ranking.filter((r) => !now.has(r.service)).map((r) => r.service),
      ranks: ranking
        .filter((r) => baseRank.has(r.service))
        .map((r) => ({ service: r.service, baseRank: baseRank.get(r.service)!, rank: r.rank! })),
      top: ranking.filter((r) => r.rank! <= topK).map((r) => r.service),
    };
  });
}

/** Sensitivity of the ranking to the feasibility gate: the threshold moved by ±0.1. */
export function gateSensitivity(
  citizens: CitizenColumns,
  staff: ReadonlyArray<StaffRecord>,
  services: readonly string[],
  options: RankingOptions & { topK?: number; step?: number } = {},
): GatePerturbation[] {
  const matrix = criteriaMatrix(citizens, staff, services, {
    ...options,
    bordaLength: options.bordaLength ?? bordaLength(citizens),
  });
  return gateSensitivityFromMatrix(
    matrix,
    services,
    options.criteriaWeights,
    options.gateThreshold,
    options.topK,
    options.step,
  );
}

/** Sensitivity of the ranking to ±delta (default 20 %) on each criterion weight. */
export function weightSensitivity(
  citizens: CitizenColumns,
  staff: ReadonlyArray<StaffRecord>,
  services: readonly string[],
  options: RankingOptions & { delta?: number } = {},
): WeightPerturbation[] {
  const matrix = criteriaMatrix(citizens, staff, services, {
    ...options,
    bordaLength: options.bordaLength ?? bordaLength(citizens),
  });
  return sensitivityFromMatrix(matrix, services, options.criteriaWeights, options.gateThreshold, options.delta);
}
