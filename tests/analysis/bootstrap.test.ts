import { describe, expect, it } from "vitest";
import { bootstrapRanking, rankQuantile } from "../../src/analysis/bootstrap.js";
import { rankServices } from "../../src/analysis/ranking.js";
import { rake } from "../../src/analysis/weighting.js";
import { citizens as handCitizens, services as handServices, staff as handStaff } from "./fixtures.js";
import { serviceCodes, syntheticCitizens, syntheticMargins, syntheticStaff } from "./synthetic.js";

const S = 12;
const services = serviceCodes(S);
const citizens = syntheticCitizens(3000, S, 101);
const staff = syntheticStaff(60, S, 202);
const margins = syntheticMargins();

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
    const raked = rake(citizens.map((c) => c.categories), margins);
    const point = rankServices(citizens, staff, services, { weights: raked.weights });
    const boot = bootstrapRanking(citizens, staff, services, { margins, replicates: 20, seed: 3 });
    expect(boot.services.map((s) => [s.service, s.rank])).toEqual(point.ranking.map((r) => [r.service, r.rank]));
    // Intervals contain the median and are ordered.
    for (const s of boot.services) {
      expect(s.rankInterval[0]).toBeLessThanOrEqual(s.medianRank);
      expect(s.medianRank).toBeLessThanOrEqual(s.rankInterval[1]);
    }
  });

  it("has zero-width intervals when every stratum holds one respondent", () => {
    // One citizen per stratum and one staff per area: every replicate is the sample itself.
    // Margins with one category per citizen rake the weights to 1, 1, 2, 1, the hand-worked example:
    // C ranks 1 and A ranks 2 (B fails the gate).
    const citizens1 = handCitizens.map((c, i) => ({ ...c, strata: `s${i}`, categories: { g: `c${i}` } }));
    const staff1 = handStaff.map((p, i) => ({ ...p, area: `a${i}` }));
    const r = bootstrapRanking(citizens1, staff1, handServices, {
      margins: { g: { c0: 1, c1: 1, c2: 2, c3: 1 } },
      replicates: 50,
      seed: 9,
      topK: 1,
    });
    expect(r.services).toEqual([
      { service: "C", rank: 1, medianRank: 1, rankInterval: [1, 1], topK: 1, gatePassShare: 1 },
      { service: "A", rank: 2, medianRank: 2, rankInterval: [2, 2], topK: 0, gatePassShare: 1 },
    ]);
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
