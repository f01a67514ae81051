import { citizenWeights, preparedFor } from "./criteria.js";
import { AnalysisError } from "./errors.js";
import { bordaLength, citizenContributions, criteriaFromSums, staffContributions } from "./contributions.js";
import { weightedSums } from "./weighted-sums.js";
import type { WeightBounds } from "./calibration.js";
import type { MarginTargets } from "./ipf.js";
import { DEFAULT_GATE_THRESHOLD, rankFromMatrix, weightVector, type RankingOptions } from "./ranking.js";
import { groupByStratum } from "./resample.js";
import { EQUAL_WEIGHTS, type StaffRecord } from "./records.js";
import type { CitizenColumns } from "./columns.js";
import { prepareWeighting } from "./weighting.js";
import {
  replicateWeigher,
  runReplicates,
  type ReplicatePlan,
  type ReplicateRunner,
  type ReplicateStart,
  type ReplicateTally,
  type ReplicateWeighting,
} from "./replicate-runs.js";

export interface BootstrapOptions extends Omit<RankingOptions, "weights"> {
  /**
   * Census margins each replicate is re-weighted to, by exactly the full sample's procedure (fractional
   * assignment, bounded raking, raking without bounds when they can't be met); without margins
   * replicates keep the starting weights.
   */
  margins?: MarginTargets;
  /** Bounds on the weight ratio, as for the full sample. */
  bounds?: WeightBounds | null;
  replicates?: number;
  seed?: number;
  /** k of P(top-k). */
  topK?: number;
  tolerance?: number;
  maxIterations?: number;
}

export interface RankStability {
  service: string;
  /** Rank in the full sample; null when the full sample excludes it at the gate. */
  rank: number | null;
  /** Median and 2.5 %–97.5 % points of the ranks over the replicates where it passes the gate; null if it never does. */
  medianRank: number | null;
  rankInterval: [number, number] | null;
  /** Share of all replicates in which it passes the gate and ranks within the first k. */
  topK: number;
  /** Share of replicates in which it passes the gate (an unknown feasibility counts as passing, as in the ranking). */
  gatePassShare: number;
}

export interface BootstrapResult {
  replicates: number;
  seed: number;
  topK: number;
  /** Every service, ranked ones first in rank order, then the excluded ones. */
  services: RankStability[];
  /** Replicates in which some margin category drew nobody and was left unadjusted. */
  replicatesWithEmptyCategories: number;
  replicatesNotConverged: number;
  /** Replicates whose weights could not meet the bounds and were raked without them. */
  replicatesBoundsUnmet: number;
}

/** Smallest rank whose cumulative share reaches q (quantile type 1: ranks are integers). */
export function rankQuantile(hist: Int32Array, offset: number, width: number, total: number, q: number): number {
  let cum = 0;
  for (let r = 1; r < width; r++) {
    cum += hist[offset + r];
    if (cum >= q * total - 1e-9) return r;
  }
  return width - 1;
}

/**
 * Rank stability by a stratified bootstrap: citizens resampled with replacement within strata, staff
 * within area; each replicate is re-weighted by the full sample's procedure, and every criterion, the
 * feasibility gate, the scores and the ranks of all services are recomputed. A service's P(top-k)
 * counts only the replicates where it passes the gate, so an excluded service can have P(top-k) > 0
 * and a ranked one that often fails the gate has a low one.
 * Everything per replicate runs over typed arrays prepared once, four replicates per pass; `runner`
 * may run ranges of replicates elsewhere (other threads), with the same result.
 */
export function bootstrapRanking(
  citizens: CitizenColumns,
  staff: ReadonlyArray<StaffRecord>,
  services: readonly string[],
  options: BootstrapOptions = {},
  runner: ReplicateRunner = (plan) => runReplicates(plan, 0, plan.replicates),
): BootstrapResult {
  return startBootstrapRanking(citizens, staff, services, options, (plan) => {
    const tally = runner(plan);
    return () => tally;
  })();
}

/**
 * bootstrapRanking in two steps: the replicates are started by `start` (other threads may begin at
 * once) and the function returned waits for them and gives the result, so that the caller can
 * compute something else meanwhile. The result is the same as bootstrapRanking's.
 */
export function startBootstrapRanking(
  citizens: CitizenColumns,
  staff: ReadonlyArray<StaffRecord>,
  services: readonly string[],
  options: BootstrapOptions = {},
  start: ReplicateStart = (plan) => () => runReplicates(plan, 0, plan.replicates),
): () => BootstrapResult {
  const B = options.replicates ?? 1000;
  if (!(Number.isInteger(B) && B >= 1))
    throw new AnalysisError("INVALID_INPUT", `Bootstrap needs at least one replicate (got ${B})`);
  const seed = options.seed ?? 1;
  const topK = options.topK ?? 5;
  const threshold = options.gateThreshold ?? DEFAULT_GATE_THRESHOLD;
  const S = services.length;
  const n = citizens.n;
  const m = options.bordaLength ?? bordaLength(citizens);

  const cc = preparedFor(options.prepared, citizens, services, m) ?? citizenContributions(citizens, services, m);
  const sc = staffContributions(staff, services);
  const w0 = citizenWeights(citizens);
  const prepared = options.margins ? prepareWeighting(citizens.categories, options.margins) : null;
  let weighting: ReplicateWeighting | null = null;
  if (prepared) {
    const fragStart = new Int32Array(n + 1);
    for (let f = 0; f < prepared.fragments.person.length; f++) fragStart[prepared.fragments.person[f] + 1]++;
    for (let i = 0; i < n; i++) fragStart[i + 1] += fragStart[i];
    weighting = {
      plan: prepared.plan,
      fragStart,
      fragCell: prepared.cellOf,
      fragBase: Float64Array.from(prepared.fragments.fraction, (x, f) => x * w0[prepared.fragments.person[f]]),
      population: prepared.plan.cells.targets[0].reduce((s, x) => s + x, 0),
      bounds: options.bounds ?? null,
      tolerance: options.tolerance ?? 1e-10,
      maxIterations: options.maxIterations ?? 1000,
    };
  }
  const plan: ReplicatePlan = {
    seed,
    replicates: B,
    services: S,
    threshold,
    criteriaWeights: weightVector(options.criteriaWeights ?? EQUAL_WEIGHTS),
    citizens: cc,
    staff: sc,
    citizenStrata: groupByStratum(citizens.strata),
    staffStrata: groupByStratum(staff.map((p) => p.area)),
    w0,
    weighting,
  };

  const fullWeights = new Float64Array(n);
  replicateWeigher(plan)(new Int32Array(n).fill(1), fullWeights, 1, 0, false);
  const full = rankFromMatrix(
    criteriaFromSums(
      weightedSums(cc, fullWeights, new Float64Array(cc.width)),
      weightedSums(sc, new Float64Array(staff.length).fill(1), new Float64Array(sc.width)),
      S,
      new Float64Array(S * 7),
    ),
    services,
    options.criteriaWeights,
    threshold,
  );

  const pending = start(plan);
  return () => stabilityOf(pending(), full, services, B, seed, topK);
}

function stabilityOf(
  tally: ReplicateTally,
  full: ReturnType<typeof rankFromMatrix>,
  services: readonly string[],
  B: number,
  seed: number,
  topK: number,
): BootstrapResult {
  const { hist, gatePass, withEmpty, notConverged, boundsUnmet } = tally;
  const S = services.length;
  const result: RankStability[] = [...full.ranking, ...full.excluded].map((r) => {
    const k = services.indexOf(r.service);
    const o = k * (S + 1);
    let inTop = 0;
    for (let rank = 1; rank <= Math.min(topK, S); rank++) inTop += hist[o + rank];
    const passes = gatePass[k];
    return {
      service: r.service,
      rank: r.rank,
      medianRank: passes > 0 ? rankQuantile(hist, o, S + 1, passes, 0.5) : null,
      rankInterval:
        passes > 0 ? [rankQuantile(hist, o, S + 1, passes, 0.025), rankQuantile(hist, o, S + 1, passes, 0.975)] : null,
      topK: inTop / B,
      gatePassShare: passes / B,
    };
  });
  return {
    replicates: B,
    seed,
    topK,
    services: result,
    replicatesWithEmptyCategories: withEmpty,
    replicatesNotConverged: notConverged,
    replicatesBoundsUnmet: boundsUnmet,
  };
}
