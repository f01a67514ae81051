import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bestWorstLogit } from "../../src/analysis/maxdiff-logit.js";
import { bestWorstScores, individualScores, type BestWorstTask } from "../../src/analysis/maxdiff.js";

// Reference values made by tests/fixtures/r/maxdiff.R (survey::svymean and survival::coxph).
const dir = join(import.meta.dirname, "../fixtures/r");
const reference = JSON.parse(readFileSync(join(dir, "maxdiff-reference.json"), "utf8")) as {
  respondents: number;
  qt: number;
  counts: { item: string; score: number; se: number; n: number }[];
  logit: { utilities: Record<string, number>; shares: Record<string, number> };
};
const lines = readFileSync(join(dir, "maxdiff-tasks.csv"), "utf8").trim().split("\n").slice(1);
const respondents: BestWorstTask[][] = Array.from({ length: reference.respondents }, () => []);
const weights = new Float64Array(reference.respondents);
for (const line of lines) {
  const [respondent, weight, , , items, best, worst] = line.split(",");
  respondents[Number(respondent) - 1].push({ items: items.split(" "), best, worst });
  weights[Number(respondent) - 1] = Number(weight);
}
const items = reference.counts.map((c) => c.item);

describe("best–worst count scores", () => {
  it("scores a respondent (best − worst) / times shown, leaving out items never shown", () => {
    const tasks = [
      { items: ["a", "b", "c"], best: "a", worst: "c" },
      { items: ["a", "c", "d"], best: "d", worst: "a" },
    ];
    expect(individualScores(tasks)).toEqual({ a: 0, b: 0, c: -0.5, d: 1 });
  });

  it("counts a pick of an item shown only in a later set, as a plain tally would", () => {
    // Malformed (the best of the first set is not in it), but the count is still (best − worst) / shown.
    const tasks = [
      { items: ["a", "b"], best: "c", worst: "a" },
      { items: ["c", "d"], best: "c", worst: "d" },
    ];
    expect(individualScores(tasks)).toEqual({ a: -1, b: 0, c: 2, d: -1 });
  });

  it("weights exactly the individual scores of the respondents shown each item", () => {
    const scores = bestWorstScores(respondents, items, weights);
    items.forEach((item, k) => {
      let sw = 0;
      let swy = 0;
      respondents.forEach((tasks, i) => {
        const y = individualScores(tasks)[item];
        if (y === undefined) return;
        sw += weights[i];
        swy += weights[i] * y;
      });
      expect(scores[k].score).toBe(swy / sw);
    });
  });

  it("agrees with R's svymean on the per-respondent indicators (weighted, some items not shown to everyone)", () => {
    const scores = bestWorstScores(respondents, items, weights);
    scores.forEach((s, k) => {
      const r = reference.counts[k];
      expect(s.item).toBe(r.item);
      expect(s.n).toBe(r.n);
      expect(s.score).toBeCloseTo(r.score, 12);
      expect(s.se!).toBeCloseTo(r.se, 12);
      expect(s.low!).toBeCloseTo(r.score - reference.qt * r.se, 10);
      expect(s.high!).toBeCloseTo(r.score + reference.qt * r.se, 10);
    });
    // Some respondents stopped early, so the domains differ: the test covers the domain variance.
    expect(new Set(reference.counts.map((c) => c.n)).size).toBeGreaterThan(1);
  });

  it("reports the weighted shares of appearances chosen best and worst", () => {
    const one = bestWorstScores(
      [[{ items: ["a", "b"], best: "a", worst: "b" }], [{ items: ["a", "b"], best: "b", worst: "a" }]],
      ["a"],
      [3, 1],
    )[0];
    expect(one.bestShare).toBeCloseTo(0.75, 15);
    expect(one.worstShare).toBeCloseTo(0.25, 15);
    expect(one.score).toBeCloseTo(0.5, 15);
  });
});

describe("best–worst conditional logit (share of preference)", () => {
  it("agrees with survival::coxph on the stacked best and worst choices", () => {
    const fit = bestWorstLogit(respondents, weights);
    expect(fit.converged).toBe(true);
    const ref = fit.items.indexOf("h");
    fit.items.forEach((item, j) => {
      expect(fit.utilities[j] - fit.utilities[ref]).toBeCloseTo(reference.logit.utilities[item], 7);
      expect(fit.shares[j]).toBeCloseTo(reference.logit.shares[item], 8);
    });
    expect(fit.shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it("says it did not converge when an item is always chosen best (no finite estimate)", () => {
    const tasks = [
      [{ items: ["a", "b", "c"], best: "a", worst: "c" }],
      [{ items: ["a", "b", "c"], best: "a", worst: "b" }],
    ];
    expect(bestWorstLogit(tasks, [1, 1]).converged).toBe(false);
  });
});
