import { describe, expect, it } from "vitest";
import { citizenColumns } from "../../src/analysis/columns.js";
import { bootstrapRanking, rankQuantile } from "../../src/analysis/bootstrap.js";
import {
  addTally,
  drawsPerReplicate,
  emptyTally,
  runReplicates,
  type ReplicatePlan,
  type ReplicateRunner,
} from "../../src/analysis/replicate-runs.js";
import { rankServices } from "../../src/analysis/ranking.js";
import { rake } from "../../src/analysis/weighting.js";
import { citizens as handCitizens, services as handServices, staff as handStaff } from "./fixtures.js";
import { serviceCodes, syntheticCitizens, syntheticMargins, syntheticStaff } from "./synthetic.js";

const S = 12;
const services = serviceCodes(S);
const citizens = citizenColumns(syntheticCitizens(3000, S, 101));
const staff = syntheticStaff(60, S, 202);
const margins = syntheticMargins();

/** A runner that runs the replicates in the ranges given (in that order) and adds their tallies. */
const inRanges =
  (ranges: [number, number][], seen: ReplicatePlan[] = []): ReplicateRunner =>
  (plan) => {
    seen.push(plan);
    const total = emptyTally(plan.services);
    for (const [first, count] of ranges) addTally(total, runReplicates(plan, first, count));
    return total;
  };

describe("bootstrap replicates in ranges", () => {
  // Ranges of every length mod 4 (the replicates run four per pass), out of order.
  const ranges: [number, number][] = [
    [37, 30],
    [0, 5],
    [5, 1],
    [67, 3],
    [6, 31],
  ];

  it("gives the result of one run whatever the split, with and without margins", () => {
    for (const options of [
      { margins, replicates: 70, seed: 9 },
      { replicates: 70, seed: 10 },
    ]) {
      const whole = bootstrapRanking(citizens, staff, services, options);
      const plans: ReplicatePlan[] = [];
      const split = bootstrapRanking(citizens, staff, services, options, inRanges(ranges, plans));
      expect(split).toEqual(whole);
      expect(JSON.stringify(split)).toBe(JSON.stringify(whole));
      // Something to compare: intervals vary, and the plan draws one number per citizen and per member of staff.
      expect(whole.services.some((s) => s.rankInterval && s.rankInterval[0] !== s.rankInterval[1])).toBe(true);
      expect(drawsPerReplicate(plans[0])).toBe(citizens.n + staff.length);
    }
  });

  it("gives each range the counts that range has inside one sequential run", () => {
    const plans: ReplicatePlan[] = [];
    bootstrapRanking(citizens, staff, services, { margins, replicates: 40, seed: 5 }, inRanges([[0, 40]], plans));
    const plan = plans[0];
    const all = runReplicates(plan, 0, 40);
    const head = runReplicates(plan, 0, 13);
    const tail = runReplicates(plan, 13, 27);
    expect(addTally(addTally(emptyTally(S), tail), head)).toEqual(all);
    // Replicate 13 alone, started by jumping the generator, is what the sequential run adds at its 14th replicate.
    const upTo14 = runReplicates(plan, 0, 14);
    const upTo13 = runReplicates(plan, 0, 13);
    const only13 = runReplicates(plan, 13, 1);
    expect(Array.from(only13.hist, (x, i) => upTo14.hist[i] - upTo13.hist[i])).toEqual(Array.from(only13.hist));
    expect(only13.gatePass.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(() => runReplicates(plan, 30, 11)).toThrow(/outside/);
  });
});

describe("bootstrapRanking", () => {
  it("gives identical output for the same seed", () => {
    const a = bootstrapRanking(citizens, staff, services, { margins, replicates: 200, seed: 42 });
    const b = bootstrapRanking(citizens, staff, services, { margins, replicates: 200, seed: 42 });
    expect(a).toEqual(b);
    expect(a.replicates).toBe(200);
  });

  it("moves intervals only a little with another seed", () => {
    const a = bootstrapRanking(citizens, staff, services, { margins, replicates: 400, seed: 1 });
    const b = bootstrapRanking(citizens, staff, services, { margins, replicates: 400, seed: 2 });
    let moved = 0;
    a.services.forEach((s, k) => {
      const t = b.services[k];
      expect(t.service).toBe(s.service);
      expect(Math.abs(t.gatePassShare - s.gatePassShare)).toBeLessThanOrEqual(0.1);
      if (!s.rankInterval || !t.rankInterval || s.medianRank === null || t.medianRank === null || s.gatePassShare < 0.5)
        return;
      expect(Math.abs(t.medianRank - s.medianRank)).toBeLessThanOrEqual(1);
      expect(Math.abs(t.rankInterval[0] - s.rankInterval[0])).toBeLessThanOrEqual(2);
      expect(Math.abs(t.rankInterval[1] - s.rankInterval[1])).toBeLessThanOrEqual(2);
      // P(top-5) from 400 replicates has sd ≤ 0.025, a difference of two ≤ 0.035: 0.1 is about 3 sd.
      expect(Math.abs(t.topK - s.topK)).toBeLessThanOrEqual(0.1);
      if (t.rankInterval[0] !== s.rankInterval[0] || t.rankInterval[1] !== s.rankInterval[1]) moved++;
    });
    // The seed does matter: some interval or share differs somewhere.
    expect(moved + a.services.filter((s, k) => s.topK !== b.services[k].topK).length).toBeGreaterThan(0);
  });

  it("reports the full-sample rank of the raked data", () => {
    const raked = rake(citizens.categories, margins);
    const point = rankServices(citizens, staff, services, { weights: raked.weights });
    const boot = bootstrapRanking(citizens, staff, services, { margins, replicates: 20, seed: 3 });
    // Every service is reported: the ranked ones in rank order, then the excluded ones (rank null).
    expect(boot.services.map((s) => [s.service, s.rank])).toEqual(
      [...point.ranking, ...point.excluded].map((r) => [r.service, r.rank]),
    );
    // Intervals contain the median and are ordered.
    for (const s of boot.services) {
      if (!s.rankInterval || s.medianRank === null) continue;
      expect(s.rankInterval[0]).toBeLessThanOrEqual(s.medianRank);
      expect(s.medianRank).toBeLessThanOrEqual(s.rankInterval[1]);
    }
  });

  it("re-weights the full sample and the replicates with the bounded procedure", () => {
    const bounds = { lower: 0.2, upper: 30 };
    const plain = rake(citizens.categories, margins);
    const raked = rake(citizens.categories, margins, { bounds });
    // The bounds bind on these data, and they can be met.
    expect(plain.maxWeightRatio).toBeGreaterThan(30);
    expect(raked.boundsMet).toBe(true);
    const point = rankServices(citizens, staff, services, { weights: raked.weights });
    const boot = bootstrapRanking(citizens, staff, services, { margins, bounds, replicates: 8, seed: 3 });
    expect(boot.services.map((s) => [s.service, s.rank])).toEqual(
      [...point.ranking, ...point.excluded].map((r) => [r.service, r.rank]),
    );
    expect(boot.replicatesNotConverged).toBe(0);
  });

  it("has zero-width intervals when every stratum holds one respondent", () => {
    // One citizen per stratum and one staff per area: every replicate is the sample itself.
    // Margins with one category per citizen rake the weights to 1, 1, 2, 1, the hand-worked example:
    // C ranks 1 and A ranks 2 (B fails the gate).
    const citizens1 = handCitizens.map((c, i) => ({ ...c, strata: `s${i}`, categories: { g: `c${i}` } }));
    const staff1 = handStaff.map((p, i) => ({ ...p, area: `a${i}` }));
    const r = bootstrapRanking(citizenColumns(citizens1), staff1, handServices, {
      margins: { g: { c0: 1, c1: 1, c2: 2, c3: 1 } },
      replicates: 50,
      seed: 9,
      topK: 1,
    });
    expect(r.services).toEqual([
      { service: "C", rank: 1, medianRank: 1, rankInterval: [1, 1], topK: 1, gatePassShare: 1 },
      { service: "A", rank: 2, medianRank: 2, rankInterval: [2, 2], topK: 0, gatePassShare: 1 },
      { service: "B", rank: null, medianRank: null, rankInterval: null, topK: 0, gatePassShare: 0 },
    ]);
  });
});

describe("bootstrapRanking counts each replicate's gate", () => {
  // 60 citizens who all use A (often, through many offices, unhappy), fewer use B, a few C.
  const gateServices = ["A", "B", "C"];
  const gateCitizens = Array.from({ length: 60 }, (_, i) => ({
    strata: `q${i % 3}`,
    categories: {},
    used: {
      A: { frequency: 4, offices: 3, repeatVisits: 2, timeLost: 3, satisfaction: 3 },
      ...(i % 2 === 0 ? { B: { frequency: 2, offices: 2, repeatVisits: 1, timeLost: 2, satisfaction: 5 } } : {}),
      ...(i % 5 === 0 ? { C: { frequency: 1, offices: 1, repeatVisits: 0, timeLost: 1, satisfaction: 8 } } : {}),
    },
    importance: { A: 9, B: 7, C: 4 },
    ranking: ["A", "B", "C"],
  }));
  // Ten staff in one area: 4 of 10 say a generalist can file A (X = 0.4, excluded), 6 of 10 for B, all for C.
  const gateStaff = Array.from({ length: 10 }, (_, i) => ({
    area: "demografici",
    services: {
      A: { severity: 5, feasibility: i < 4 ? ("file" as const) : ("specialist" as const) },
      B: { severity: 4, feasibility: i < 6 ? ("file" as const) : ("specialist" as const) },
      C: { severity: 1, feasibility: "process" as const },
    },
    training: {},
  }));

  it("gives an excluded service the share of replicates where it passes the gate and reaches the top k", () => {
    const r = bootstrapRanking(citizenColumns(gateCitizens), gateStaff, gateServices, {
      replicates: 400,
      seed: 5,
      topK: 1,
    });
    const a = r.services.find((s) => s.service === "A")!;
    expect(a.rank).toBeNull();
    // X ~ Binomial(10, 0.4)/10 passes 0.5 with probability 0.37: well inside (0.2, 0.55) for 400 replicates.
    expect(a.gatePassShare).toBeGreaterThan(0.2);
    expect(a.gatePassShare).toBeLessThan(0.55);
    // When A passes it leads every criterion, so it is first whenever it is ranked at all.
    expect(a.topK).toBeCloseTo(a.gatePassShare, 12);
    expect(a.rankInterval).toEqual([1, 1]);
    // B is first in the full sample, but only when A is out and B itself passes.
    const b = r.services.find((s) => s.service === "B")!;
    expect(b.rank).toBe(1);
    expect(b.gatePassShare).toBeLessThan(0.95);
    expect(b.topK).toBeLessThan(b.gatePassShare);
    expect(b.topK).toBeLessThan(1 - a.gatePassShare + 1e-12);
    expect(r.services.find((s) => s.service === "C")!.gatePassShare).toBe(1);
  });
});

describe("rankQuantile", () => {
  it("takes the smallest rank whose cumulative count reaches q·B", () => {
    // 40 replicates: rank 1 once, rank 2 19 times, rank 3 20 times (histogram slot 0 unused).
    // 2.5 %: q·B = 1 → rank 1; median: 20 → cumulative 20 at rank 2; 97.5 %: 39 → rank 3.
    const hist = Int32Array.from([0, 1, 19, 20]);
    expect(rankQuantile(hist, 0, 4, 40, 0.025)).toBe(1);
    expect(rankQuantile(hist, 0, 4, 40, 0.5)).toBe(2);
    expect(rankQuantile(hist, 0, 4, 40, 0.975)).toBe(3);
  });

  it("refuses zero replicates", () => {
    expect(() => bootstrapRanking(citizens, staff, services, { replicates: 0 })).toThrowError(/at least one replicate/);
  });
});
