import { citizenWeights, preparedFor } from "./criteria.js";
import { AnalysisError } from "./errors.js";
import {
  bordaLength,
  citizenContributions,
  criteriaFromSums,
  staffContributions,
  type Contributions,
} from "./contributions.js";
import { LANES, weightedSums, weightedSums4 } from "./weighted-sums.js";
import type { CalibrationPlan, WeightBounds } from "./calibration.js";
import type { MarginTargets } from "./ipf.js";
import { createRng } from "./random.js";
import {
  competitionRanks,
  DEFAULT_GATE_THRESHOLD,
  normaliseCriteria,
  rankFromMatrix,
  scoresFromCriteria,
  weightVector,
  type RankingOptions,
} from "./ranking.js";
import { drawWithinStrata, groupByStratum, type Strata } from "./resample.js";
import { EQUAL_WEIGHTS, type StaffRecord } from "./records.js";
import type { CitizenColumns } from "./columns.js";
import { prepareWeighting, weighCells } from "./weighting.js";

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
 * Everything the replicates need, as numbers and typed arrays only: built once per bootstrap, read by
 * every replicate, and plain data so that a caller may run ranges of replicates on other threads.
 */
export interface ReplicatePlan {
  seed: number;
  replicates: number;
  /** Number of services S. */
  services: number;
  threshold: number;
  criteriaWeights: Float64Array;
  citizens: Contributions;
  staff: Contributions;
  citizenStrata: Strata;
  staffStrata: Strata;
  /** Starting weight of each citizen. */
  w0: Float64Array;
  /** The re-weighting of every replicate to the census margins; null: replicates keep the starting weights. */
  weighting: ReplicateWeighting | null;
}

export interface ReplicateWeighting {
  plan: CalibrationPlan;
  /** Fragments come grouped by unit: unit i owns fragments fragStart[i] .. fragStart[i + 1]. */
  fragStart: Int32Array;
  fragCell: Int32Array;
  /** Starting weight of each fragment: its unit's times its fraction. */
  fragBase: Float64Array;
  population: number;
  bounds: WeightBounds | null;
  tolerance: number;
  maxIterations: number;
}

/**
 * What a range of replicates adds to the result: only counts, so the tallies of any ranges that cover
 * the replicates once add up to the same totals in whatever order and on whatever thread they ran.
 */
export interface ReplicateTally {
  /** Per service k, hist[k · (S + 1) + rank]: replicates where it passed the gate with that rank. */
  hist: Int32Array;
  gatePass: Int32Array;
  withEmpty: number;
  notConverged: number;
  boundsUnmet: number;
}

/**
 * How a bootstrap runs its replicates: given the plan, the tally of replicates 0 … plan.replicates − 1.
 * The default runs them all here (`runReplicates(plan, 0, plan.replicates)`); the report spreads
 * ranges of them over threads and adds the tallies (`addTally`).
 */
export type ReplicateRunner = (plan: ReplicatePlan) => ReplicateTally;

/**
 * Draws one replicate takes from the generator: drawWithinStrata draws one integer per member of each
 * stratum (citizens, then staff), with no rejection, and nothing else in a replicate draws.
 */
export function drawsPerReplicate(plan: ReplicatePlan): number {
  return plan.citizenStrata.members.length + plan.staffStrata.members.length;
}

export function emptyTally(services: number): ReplicateTally {
  return {
    hist: new Int32Array(services * (services + 1)),
    gatePass: new Int32Array(services),
    withEmpty: 0,
    notConverged: 0,
    boundsUnmet: 0,
  };
}

/** Adds `part` into `total`. */
export function addTally(total: ReplicateTally, part: ReplicateTally): ReplicateTally {
  for (let i = 0; i < total.hist.length; i++) total.hist[i] += part.hist[i];
  for (let k = 0; k < total.gatePass.length; k++) total.gatePass[k] += part.gatePass[k];
  total.withEmpty += part.withEmpty;
  total.notConverged += part.notConverged;
  total.boundsUnmet += part.boundsUnmet;
  return total;
}

/** Weights of one draw (counts per unit) by the full procedure, written at stride into `out`. */
function replicateWeigher(plan: ReplicatePlan) {
  const n = plan.citizens.rows;
  const { w0, weighting } = plan;
  if (!weighting)
    return (counts: Int32Array, out: Float64Array, stride: number, lane: number) => {
      for (let i = 0; i < n; i++) out[i * stride + lane] = counts[i] * w0[i];
      return null;
    };
  const { fragStart, fragCell, fragBase, population, bounds, tolerance, maxIterations } = weighting;
  const K = weighting.plan.cells.units;
  const cellStart = new Float64Array(K);
  const cellRatio = new Float64Array(K);
  const cellScratch = new Float64Array(K);
  return (counts: Int32Array, out: Float64Array, stride: number, lane: number, skipEmpty = true) => {
    cellStart.fill(0);
    let total = 0;
    for (let i = 0; i < n; i++) {
      if (counts[i] === 0) continue;
      for (let f = fragStart[i]; f < fragStart[i + 1]; f++) {
        cellStart[fragCell[f]] += counts[i] * fragBase[f];
        total += counts[i] * fragBase[f];
      }
    }
    // Starting weights scaled to the population, so the bounds are on the ratio to the mean weight.
    const scale = population / total;
    for (let c = 0; c < K; c++) cellStart[c] *= scale;
    const result = weighCells(
      weighting.plan,
      cellStart,
      cellRatio,
      cellScratch,
      bounds,
      tolerance,
      maxIterations,
      skipEmpty,
    );
    for (let i = 0; i < n; i++) {
      let w = 0;
      if (counts[i] > 0)
        for (let f = fragStart[i]; f < fragStart[i + 1]; f++) w += fragBase[f] * cellRatio[fragCell[f]];
      out[i * stride + lane] = counts[i] * w * scale;
    }
    return result;
  };
}

/**
 * Replicates first … first + count − 1 of the plan, exactly as one pass over all of them would compute
 * them: replicate b's draws start b × drawsPerReplicate after the seed (the generator jumped ahead),
 * and every replicate sums in the same order whichever lane of a four-replicate pass it falls in.
 */
export function runReplicates(plan: ReplicatePlan, first: number, count: number): ReplicateTally {
  const { services: S, threshold, criteriaWeights, citizens: cc, staff: sc } = plan;
  if (!(
    Number.isInteger(first) &&
    Number.isInteger(count) &&
    first >= 0 &&
    count >= 0 &&
    first + count <= plan.replicates
  ))
    throw new AnalysisError("INVALID_INPUT", `Replicates ${first} + ${count} outside 0 … ${plan.replicates}`);
  const n = cc.rows;
  const weighDraw = replicateWeigher(plan);
  const rng = createRng(plan.seed, first * drawsPerReplicate(plan));
  // A local copy: an imported binding can cost a lookup on every use inside the hot loops.
  const L = LANES;
  const counts = new Int32Array(n);
  const staffCounts = new Int32Array(sc.rows);
  const staffWeights = new Float64Array(sc.rows);
  const laneWeights = new Float64Array(n * LANES);
  const laneSums = new Float64Array(cc.width * LANES);
  const staffLaneSums = Array.from({ length: LANES }, () => new Float64Array(sc.width));
  const citizenSums = new Float64Array(cc.width);
  const matrix = new Float64Array(S * 7);
  const normalised = new Float64Array(S * 6);
  const scores = new Float64Array(S);
  const ranks = new Int32Array(S);
  const included = new Uint8Array(S);
  const tally = emptyTally(S);
  const { hist, gatePass } = tally;

  for (let done = 0; done < count; done += L) {
    const lanes = Math.min(L, count - done);
    laneWeights.fill(0);
    for (let lane = 0; lane < lanes; lane++) {
      drawWithinStrata(plan.citizenStrata, rng, counts);
      drawWithinStrata(plan.staffStrata, rng, staffCounts);
      staffWeights.set(staffCounts);
      weightedSums(sc, staffWeights, staffLaneSums[lane]);
      const result = weighDraw(counts, laneWeights, L, lane);
      if (result) {
        if (result.emptyCategories > 0) tally.withEmpty++;
        if (!result.converged) tally.notConverged++;
        else if (!result.boundsMet) tally.boundsUnmet++;
      }
    }
    weightedSums4(cc, laneWeights, laneSums);
    for (let lane = 0; lane < lanes; lane++) {
      for (let s = 0; s < cc.width; s++) citizenSums[s] = laneSums[s * L + lane];
      criteriaFromSums(citizenSums, staffLaneSums[lane], S, matrix);
      normaliseCriteria(matrix, S, normalised);
      scoresFromCriteria(normalised, criteriaWeights, S, scores);
      // The replicate's own gate decides which services it ranks (an unknown feasibility passes).
      for (let k = 0; k < S; k++) included[k] = matrix[k * 7 + 6] < threshold ? 0 : 1;
      competitionRanks(scores, included, ranks);
      for (let k = 0; k < S; k++) {
        if (!included[k]) continue;
        hist[k * (S + 1) + ranks[k]]++;
        gatePass[k]++;
      }
    }
  }
  return tally;
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

  const { hist, gatePass, withEmpty, notConverged, boundsUnmet } = runner(plan);
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
