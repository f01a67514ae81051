import { citizenWeights } from "./criteria.js";
import { AnalysisError } from "./errors.js";
import { bordaLength, citizenContributions, criteriaFromSums, staffContributions } from "./contributions.js";
import { LANES, weightedSums, weightedSums4 } from "./weighted-sums.js";
import { compileMargins, createIpfScratch, ipfCore, type MarginTargets } from "./ipf.js";
import { createRng } from "./random.js";
import { competitionRanks, DEFAULT_GATE_THRESHOLD, normaliseCriteria, rankFromMatrix, scoresFromCriteria, weightVector, type RankingOptions } from "./ranking.js";
import { collapseToCells, drawWithinStrata, groupByStratum } from "./resample.js";
import { EQUAL_WEIGHTS, type CitizenRecord, type StaffRecord } from "./records.js";

export interface BootstrapOptions extends Omit<RankingOptions, "weights"> {
  /**
   * Census margins each replicate is re-raked to; without them replicates keep the starting weights.
   * Replicates are raked without trimming.
   */
  margins?: MarginTargets;
  /** "skip": a citizen without a category for a margin is left out of that margin (default: an error). */
  missing?: "error" | "skip";
  replicates?: number;
  seed?: number;
  /** k of P(top-k). */
  topK?: number;
  tolerance?: number;
  maxIterations?: number;
}

export interface RankStability {
  service: string;
  /** Rank in the full sample. */
  rank: number;
  medianRank: number;
  /** 2.5 % and 97.5 % points of the replicate ranks. */
  rankInterval: [number, number];
  /** Share of replicates with rank ≤ k. */
  topK: number;
  /** Share of replicates where X passed the gate (the ranked set itself is fixed by the full sample). */
  gatePassShare: number;
}

export interface BootstrapResult {
  replicates: number;
  seed: number;
  topK: number;
  services: RankStability[];
  /** Replicates in which some margin category drew nobody and was left unadjusted. */
  replicatesWithEmptyCategories: number;
  replicatesNotConverged: number;
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
 * within area, each replicate re-raked to the margins, criteria, scores and ranks recomputed.
 * Everything per replicate runs over typed arrays prepared once, four replicates per pass.
 */
export function bootstrapRanking(
  citizens: ReadonlyArray<CitizenRecord>,
  staff: ReadonlyArray<StaffRecord>,
  services: readonly string[],
  options: BootstrapOptions = {},
): BootstrapResult {
  const B = options.replicates ?? 1000;
  if (!(Number.isInteger(B) && B >= 1)) throw new AnalysisError("INVALID_INPUT", `Bootstrap needs at least one replicate (got ${B})`);
  const seed = options.seed ?? 1;
  const topK = options.topK ?? 5;
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 1000;
  const threshold = options.gateThreshold ?? DEFAULT_GATE_THRESHOLD;
  const S = services.length;
  const n = citizens.length;
  const m = options.bordaLength ?? bordaLength(citizens);

  const cc = citizenContributions(citizens, services, m);
  const sc = staffContributions(staff, services);
  const w0 = citizenWeights(citizens);
  const margins = options.margins ? compileMargins(citizens.map((c) => c.categories), options.margins, options.missing) : null;
  const collapsed = margins ? collapseToCells(margins) : null;
  const scratch = collapsed ? createIpfScratch(collapsed.cells) : null;
  const K = collapsed ? collapsed.cells.units : 0;
  const cellOf = collapsed ? collapsed.cellOf : new Int32Array(0);

  // The full-sample ranking fixes the ranked set; replicates only move services within it.
  const fullWeights = Float64Array.from(w0);
  if (margins) ipfCore(margins, fullWeights, tolerance, maxIterations, false, createIpfScratch(margins));
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
  const fullRank = new Map(full.ranking.map((r) => [r.service, r.rank!]));
  const included = Uint8Array.from(services, (s) => (fullRank.has(s) ? 1 : 0));

  const citizenStrata = groupByStratum(citizens.map((c) => c.strata));
  const staffStrata = groupByStratum(staff.map((p) => p.area));
  const rng = createRng(seed);
  // A local copy: an imported binding can cost a lookup on every use inside the hot loops.
  const L = LANES;
  const counts = new Int32Array(n);
  const staffCounts = new Int32Array(staff.length);
  const staffWeights = new Float64Array(staff.length);
  const laneWeights = new Float64Array(n * LANES);
  const laneSums = new Float64Array(cc.width * LANES);
  const staffLaneSums = Array.from({ length: LANES }, () => new Float64Array(sc.width));
  const cellStart = new Float64Array(K);
  const cellWeight = new Float64Array(K);
  const cellFactor = new Float64Array(K);
  const citizenSums = new Float64Array(cc.width);
  const matrix = new Float64Array(S * 7);
  const normalised = new Float64Array(S * 6);
  const scores = new Float64Array(S);
  const ranks = new Int32Array(S);
  const criteriaWeights = weightVector(options.criteriaWeights ?? EQUAL_WEIGHTS);
  const hist = new Int32Array(S * (S + 1));
  const gatePass = new Int32Array(S);
  let withEmpty = 0;
  let notConverged = 0;

  for (let first = 0; first < B; first += L) {
    const lanes = Math.min(L, B - first);
    laneWeights.fill(0);
    for (let lane = 0; lane < lanes; lane++) {
      drawWithinStrata(citizenStrata, rng, counts);
      drawWithinStrata(staffStrata, rng, staffCounts);
      staffWeights.set(staffCounts);
      weightedSums(sc, staffWeights, staffLaneSums[lane]);
      if (collapsed && scratch) {
        cellStart.fill(0);
        for (let i = 0; i < n; i++) if (counts[i] > 0) cellStart[cellOf[i]] += counts[i] * w0[i];
        cellWeight.set(cellStart);
        ipfCore(collapsed.cells, cellWeight, tolerance, maxIterations, true, scratch);
        if (scratch.emptyCategories > 0) withEmpty++;
        if (!(scratch.maxChange < tolerance)) notConverged++;
        for (let c = 0; c < K; c++) cellFactor[c] = cellStart[c] > 0 ? cellWeight[c] / cellStart[c] : 0;
        for (let i = 0; i < n; i++) laneWeights[i * L + lane] = counts[i] * w0[i] * cellFactor[cellOf[i]];
      } else {
        for (let i = 0; i < n; i++) laneWeights[i * L + lane] = counts[i] * w0[i];
      }
    }
    weightedSums4(cc, laneWeights, laneSums);
    for (let lane = 0; lane < lanes; lane++) {
      for (let s = 0; s < cc.width; s++) citizenSums[s] = laneSums[s * L + lane];
      criteriaFromSums(citizenSums, staffLaneSums[lane], S, matrix);
      normaliseCriteria(matrix, S, normalised);
      scoresFromCriteria(normalised, criteriaWeights, S, scores);
      competitionRanks(scores, included, ranks);
      for (let k = 0; k < S; k++) {
        if (included[k]) hist[k * (S + 1) + ranks[k]]++;
        if (matrix[k * 7 + 6] >= threshold) gatePass[k]++;
      }
    }
  }

  const result: RankStability[] = full.ranking.map((r) => {
    const k = services.indexOf(r.service);
    const o = k * (S + 1);
    let inTop = 0;
    for (let rank = 1; rank <= Math.min(topK, S); rank++) inTop += hist[o + rank];
    return {
      service: r.service,
      rank: r.rank!,
      medianRank: rankQuantile(hist, o, S + 1, B, 0.5),
      rankInterval: [rankQuantile(hist, o, S + 1, B, 0.025), rankQuantile(hist, o, S + 1, B, 0.975)],
      topK: inTop / B,
      gatePassShare: gatePass[k] / B,
    };
  });
  return { replicates: B, seed, topK, services: result, replicatesWithEmptyCategories: withEmpty, replicatesNotConverged: notConverged };
}
