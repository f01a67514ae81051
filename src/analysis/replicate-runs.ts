import { AnalysisError } from "./errors.js";
import { criteriaFromSums, type Contributions } from "./contributions.js";
import { LANES, weightedSums, weightedSums4 } from "./weighted-sums.js";
import type { CalibrationPlan, WeightBounds } from "./calibration.js";
import { createRng } from "./random.js";
import { competitionRanks, normaliseCriteria, scoresFromCriteria } from "./ranking.js";
import { drawWithinStrata, type Strata } from "./resample.js";
import { weighCells } from "./weighting.js";

/*
 * The bootstrap's replicates as plain data and one loop: the plan every replicate reads, the tally a
 * range of replicates adds, and the loop that runs a range (bootstrap.ts builds the plan and reads the
 * tally; src/report/replicates.ts runs ranges on other threads).
 */

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
 * A runner that starts the replicates (on other threads, say) and returns at once: calling what it
 * returns gives the tally, waiting if need be, so the caller can do other work in between.
 */
export type ReplicateStart = (plan: ReplicatePlan) => () => ReplicateTally;

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
export function replicateWeigher(plan: ReplicatePlan) {
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
