import { describe, expect, it } from "vitest";
import { bestWorstScores, type BestWorstTask } from "../../src/analysis/index.js";
import { answeredSets, type MaxdiffQuestion } from "../../src/surveys/kinds/maxdiff.js";
import { citizenSurvey, reportOf, syntheticSample } from "./fixtures.js";

const sample = syntheticSample(400, 40, 11);
// The exact report (no cell-key noise, no rounding): the figures are compared with a direct computation.
const report = reportOf(sample, { margins: undefined, protect: false });
const q = citizenSurvey.definition.pages
  .flatMap((p) => p.questions)
  .find((x): x is MaxdiffQuestion => x.type === "maxdiff")!;
const tasks: BestWorstTask[][] = sample.citizens.map((r) => answeredSets(q, citizenSurvey.catalogue, r.answers));

describe("importance in the report comes from the best–worst question", () => {
  it("makes criterion I the weighted best-minus-worst count score of each service", () => {
    // Unweighted report (no margins): every weight is 1.
    const scores = new Map(
      bestWorstScores(
        tasks,
        report.ranking.concat(report.excluded).map((r) => r.service),
        sample.citizens.map(() => 1),
      ).map((s) => [s.item, s.score]),
    );
    for (const r of [...report.ranking, ...report.excluded])
      expect(r.raw.I, r.service).toBeCloseTo(scores.get(r.service)!, 6);
  });

  it("publishes the count scores with intervals and the logit share of preference for every service", () => {
    const section = report.bestWorst!;
    expect(section.respondents).toBe(tasks.filter((t) => t.length > 0).length);
    expect(section.logitConverged).toBe(true);
    expect(section.services).toHaveLength(citizenSurvey.catalogue!.services.length);
    for (const s of section.services) {
      expect(s.low!).toBeLessThan(s.score!);
      expect(s.high!).toBeGreaterThan(s.score!);
      expect(s.score!).toBeGreaterThanOrEqual(-1);
      expect(s.score!).toBeLessThanOrEqual(1);
    }
    expect(section.services.reduce((sum, s) => sum + s.share!, 0)).toBeCloseTo(1, 9);
    // The two methods agree on the order at the top and at the bottom.
    const byScore = [...section.services].sort((a, b) => b.score! - a.score!).map((s) => s.service);
    const byShare = [...section.services].sort((a, b) => b.share! - a.share!).map((s) => s.service);
    expect(byShare.slice(0, 5).filter((s) => byScore.slice(0, 8).includes(s)).length).toBeGreaterThanOrEqual(4);
  });

  it("flags respondents who answer every set by position as straight-liners", () => {
    expect(report.quality.straightLiners.count).not.toBe(0);
  });
});
