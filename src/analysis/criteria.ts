import {
  bordaLength,
  citizenContributions,
  criteriaFromSums,
  staffContributions,
  type Contributions,
} from "./contributions.js";
import { weightedSums } from "./weighted-sums.js";
import { sameAnswers, type CitizenColumns } from "./columns.js";
import type { StaffRecord } from "./records.js";

/** Raw (not normalised) criteria of one service; null where nobody answered what it needs. */
export interface RawCriteria {
  D: number | null;
  F: number | null;
  U: number | null;
  I: number | null;
  P: number | null;
  C: number | null;
  X: number | null;
}

export interface CriteriaOptions {
  /** Final citizen weights (e.g. from rake); otherwise the columns' starting weights. */
  weights?: ArrayLike<number>;
  /** Borda list length m; the longest ranking in the data by default. */
  bordaLength?: number;
  /**
   * The citizens' contributions built once (prepareCitizens) for several computations over the same
   * citizens: used only when built from these very answers, these services and this m.
   */
  prepared?: PreparedCitizens;
}

export interface PreparedCitizens {
  citizens: CitizenColumns;
  services: readonly string[];
  bordaLength: number;
  contributions: Contributions;
}

/**
 * The prepared contributions if they were built from these answers (the same columns, or columns that
 * share their answers' arrays, as copies with other weights do), these services and this m; else undefined.
 */
export function preparedFor(
  p: PreparedCitizens | undefined,
  citizens: CitizenColumns,
  services: readonly string[],
  m: number,
): Contributions | undefined {
  if (!p || p.services !== services || p.bordaLength !== m || !sameAnswers(p.citizens, citizens)) return undefined;
  return p.contributions;
}

/** The ranking, its sensitivity and its gate sensitivity read the same contributions: built once. */
export function prepareCitizens(
  citizens: CitizenColumns,
  services: readonly string[],
  m: number = bordaLength(citizens),
): PreparedCitizens {
  return { citizens, services, bordaLength: m, contributions: citizenContributions(citizens, services, m) };
}

export const CRITERIA_COLUMNS = ["D", "F", "U", "I", "P", "C", "X"] as const;

export function citizenWeights(citizens: CitizenColumns, weights?: ArrayLike<number>): Float64Array {
  return weights ? Float64Array.from({ length: citizens.n }, (_, i) => weights[i]) : citizens.weight.slice();
}

/** Criteria as a flat S × 7 matrix (D F U I P C X), the form the ranking and bootstrap use. */
export function criteriaMatrix(
  citizens: CitizenColumns,
  staff: ReadonlyArray<StaffRecord>,
  services: readonly string[],
  options: CriteriaOptions = {},
): Float64Array {
  const m = options.bordaLength ?? bordaLength(citizens);
  const cc = preparedFor(options.prepared, citizens, services, m) ?? citizenContributions(citizens, services, m);
  const sc = staffContributions(staff, services);
  const citizenSums = weightedSums(cc, citizenWeights(citizens, options.weights), new Float64Array(cc.width));
  const staffSums = weightedSums(sc, new Float64Array(staff.length).fill(1), new Float64Array(sc.width));
  return criteriaFromSums(citizenSums, staffSums, services.length, new Float64Array(services.length * 7));
}

/**
 * Per service: D weighted share of users × mean frequency; F mean (offices − 1) + mean repeat visits
 * + mean time lost over users; U weighted share of users scoring ≤ 5 ("non so" left out); I mean
 * importance; P mean Borda points per citizen who ranked; C mean staff severity; X share of staff
 * saying a generalist can at least receive and file. Staff are unweighted.
 */
export function computeCriteria(
  citizens: CitizenColumns,
  staff: ReadonlyArray<StaffRecord>,
  services: readonly string[],
  options: CriteriaOptions = {},
): Record<string, RawCriteria> {
  return rawCriteriaFromMatrix(criteriaMatrix(citizens, staff, services, options), services);
}

export function rawCriteriaFromMatrix(matrix: Float64Array, services: readonly string[]): Record<string, RawCriteria> {
  const result: Record<string, RawCriteria> = {};
  services.forEach((s, k) => {
    const row = CRITERIA_COLUMNS.map((_, j) => {
      const v = matrix[k * 7 + j];
      return Number.isNaN(v) ? null : v;
    });
    result[s] = { D: row[0], F: row[1], U: row[2], I: row[3], P: row[4], C: row[5], X: row[6] };
  });
  return result;
}
