import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";
import { margins, reportOf, syntheticSample } from "./fixtures.js";

const sample = syntheticSample(600, 60);
const report = reportOf(sample);

describe("the giunta's report", () => {
  it("rakes the sample to the census margins: weighted shares equal the population shares", () => {
    expect(report.weighting.method).toBe("raking");
    expect(report.weighting.converged).toBe(true);
    expect(report.weighting.deff).toBeGreaterThan(1);
    expect(report.margins?.illustrative).toBe(true);
    for (const row of report.sample.filter((r) => r.variable === "quartiere")) {
      expect(row.weightedShare).toBeCloseTo(row.populationShare, 6);
    }
  });

  it("ranks every passing service once, with rank intervals that contain the rank", () => {
    const ranks = report.ranking.map((r) => r.rank!).sort((a, b) => a - b);
    expect(ranks[0]).toBe(1);
    expect(new Set(report.ranking.map((r) => r.service)).size).toBe(report.ranking.length);
    for (const r of report.ranking) {
      expect(r.rankInterval![0]).toBeLessThanOrEqual(r.rank!);
      expect(r.rankInterval![1]).toBeGreaterThanOrEqual(r.rank!);
      expect(r.topK).toBeGreaterThanOrEqual(0);
      expect(r.topK).toBeLessThanOrEqual(1);
    }
    for (const r of report.excluded) expect(r.gate).toBe("fail");
  });

  it("is reproducible: the same seed gives the same report, another seed moves intervals only a little", () => {
    expect(reportOf(sample)).toEqual(report);
    const other = reportOf(sample, { settings: { ...DEFAULT_SETTINGS, replicates: 200, seed: 99 } });
    for (const r of report.ranking) {
      const o = other.ranking.find((x) => x.service === r.service)!;
      expect(o.rank).toBe(r.rank);
      expect(Math.abs(o.rankInterval![0] - r.rankInterval![0])).toBeLessThanOrEqual(2);
      expect(Math.abs(o.rankInterval![1] - r.rankInterval![1])).toBeLessThanOrEqual(2);
      expect(Math.abs(o.topK! - r.topK!)).toBeLessThanOrEqual(0.15);
    }
  });

  it("keeps the whole-sample weights for a filtered view, and counts only its domain", () => {
    const mombello = reportOf(sample, { filters: { groups: { quartiere: "mombello" } } });
    const inMombello = sample.citizens.filter((r) => r.answers.quartiere === "mombello").length;
    // A protected count: the domain's size give or take the table's maximum noise.
    expect(Math.abs(mombello.responses.used! - inMombello)).toBeLessThanOrEqual(5);
    expect(mombello.questions.quartiere.categories.mombello.estimate).toBe(1);
  });

  it("publishes no ranking, and says which census groups are empty, when the sample can't be raked yet", () => {
    const few = reportOf(syntheticSample(8, 0, 3));
    expect(few.weighting.method).toBe("none");
    expect(few.weighting.problem).toMatch(/non sono ponderate/);
    expect(few.weighting.diagnosis?.emptyGroups.length).toBeGreaterThan(0);
    expect(few.rankingWithheld).toMatch(
      /La graduatoria non è pubblicata.*Nessun rispondente appartiene a questi gruppi/,
    );
    expect(few.ranking).toEqual([]);
    expect(few.excluded).toEqual([]);
    expect(few.coverage).toEqual([]);
  });

  it("publishes no ranking when the margins contradict each other, and names them", () => {
    // A sex margin whose split disagrees with the age × sex margin: no weights meet both.
    const contradictory = { ...margins, targets: { ...margins.targets, sesso: { f: 9000, m: 20300 } } };
    const r = reportOf(sample, { margins: contradictory });
    expect(r.weighting.converged).toBe(false);
    expect(r.rankingWithheld).toMatch(/non si possono rispettare insieme/);
    expect(r.rankingWithheld).toMatch(/«sesso»/);
    expect(r.ranking).toEqual([]);
    expect(r.sensitivity).toEqual([]);
  });

  it("never flags a paper form as a speeder: its time was not measured, and the quality section counts it", () => {
    const paper = sample.citizens.filter((r) => r.channel === "paper");
    expect(paper.length).toBeGreaterThanOrEqual(5);
    expect(paper.every((r) => r.startedAt === null)).toBe(true);
    expect(report.quality.speeders.untimed).toBe(paper.length);
    // Rows stored before the fix carry start = submission (duration 0): still not judged.
    const legacy = {
      ...sample,
      citizens: sample.citizens.map((r) => (r.channel === "paper" ? { ...r, startedAt: r.submittedAt } : r)),
    };
    const settings = { ...DEFAULT_SETTINGS, replicates: 10, excludeFlagged: true };
    const now = reportOf(sample, { settings });
    const before = reportOf(legacy, { settings });
    expect(before.quality.speeders.count).toBe(now.quality.speeders.count);
    expect(before.responses.excluded).toBe(now.responses.excluded);
    expect(now.responses.byChannel.paper).toBe(paper.length);
  });

  it("gives the coverage of the recommended desk (the ranking's top k) beside the best desk of the same size, with its base", () => {
    expect(report.coverage.length).toBeGreaterThan(3);
    report.coverage.forEach((c, i) => {
      expect(c.services).toEqual(report.ranking.slice(0, i + 1).map((r) => r.service));
      expect(c.best.services).toHaveLength(i + 1);
      expect(c.best.citizensFullyServed).toBeGreaterThanOrEqual(c.citizensFullyServed - 1e-12);
    });
    expect(report.coverageBase!.citizens).toBeGreaterThan(0);
    expect(report.coverageBase!.citizensShare).toBeGreaterThan(0);
    expect(report.coverageBase!.citizensShare).toBeLessThanOrEqual(1);
  });

  it("publishes the largest weight ratio and calibrates within the bounds set", () => {
    expect(report.weighting.bounds).toEqual({ lower: 1 / DEFAULT_SETTINGS.trim, upper: DEFAULT_SETTINGS.trim });
    expect(report.weighting.maxWeightRatio).toBeGreaterThan(1);
    if (report.weighting.boundsMet)
      expect(report.weighting.maxWeightRatio).toBeLessThanOrEqual(DEFAULT_SETTINGS.trim * (1 + 1e-9));
    // Bounds that can't be met are said, and the weights are raked without them.
    const tight = reportOf(sample, { settings: { ...DEFAULT_SETTINGS, replicates: 20, trim: 1.01 } });
    expect(tight.weighting.boundsMet).toBe(false);
    expect(tight.weighting.problem).toMatch(/non possono restare tra/);
    expect(tight.ranking.length).toBeGreaterThan(0);
  });

  it("gives every service, excluded ones too, its gate-pass share and P(top-k) from replicates that recompute the gate", () => {
    for (const r of [...report.ranking, ...report.excluded]) {
      expect(r.gatePassShare).not.toBeNull();
      expect(r.topK).not.toBeNull();
      expect(r.topK!).toBeLessThanOrEqual(r.gatePassShare! + 1e-12);
    }
  });
});
