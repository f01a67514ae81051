/**
 * Properties of the analysis module over many random cases from a seeded generator: a failure
 * prints its case number, and the same seed replays it.
 */
import { describe, expect, it } from "vitest";
import { estimateCategories } from "../../src/analysis/estimates.js";
import { weightedWilson, wilson } from "../../src/analysis/intervals.js";
import { createRng, type Rng } from "../../src/analysis/random.js";
import { competitionRanks, rankFromMatrix } from "../../src/analysis/ranking.js";
import { MIN_CELL, suppressCells } from "../../src/analysis/suppression.js";
import { rake } from "../../src/analysis/weighting.js";

const between = (rng: Rng, lo: number, hi: number): number => lo + rng.nextInt(hi - lo + 1);

describe("raking", () => {
  it("weights sum to the population and meet every margin (300 random samples and margins)", () => {
    const rng = createRng(6001);
    for (let run = 0; run < 300; run++) {
      const vars = between(rng, 1, 3);
      const cats = Array.from({ length: vars }, () => between(rng, 2, 4));
      // A population of random size by crossed cell, so the margins agree with each other.
      const population = between(rng, 1_000, 200_000);
      const cells: number[][] = [[]];
      for (const k of cats)
        cells.splice(0, cells.length, ...cells.flatMap((c) => Array.from({ length: k }, (_, j) => [...c, j])));
      const shares = cells.map(() => 0.05 + rng.next());
      const sum = shares.reduce((s, x) => s + x, 0);
      const targets: Record<string, Record<string, number>> = {};
      cells.forEach((cell, i) =>
        cell.forEach((j, v) => {
          targets[`v${v}`] ??= {};
          targets[`v${v}`][`c${j}`] = (targets[`v${v}`][`c${j}`] ?? 0) + (population * shares[i]) / sum;
        }),
      );
      // A sample with every crossed cell present at least once (raking then has a solution), then random units.
      const unitOf = (cell: number[]) => Object.fromEntries(cell.map((j, v) => [`v${v}`, `c${j}`]));
      const units = [
        ...cells.map(unitOf),
        ...Array.from({ length: between(rng, 0, 400) }, () => unitOf(cells[rng.nextInt(cells.length)])),
      ];
      const initialWeights = rng.next() < 0.5 ? units.map(() => 0.5 + rng.next() * 3) : undefined;
      const result = rake(units, targets, { initialWeights });

      expect(result.converged, `case ${run}`).toBe(true);
      const total = result.weights.reduce((s, w) => s + w, 0);
      expect(Math.abs(total - population) / population, `case ${run}: total`).toBeLessThan(1e-8);
      for (const [variable, categories] of Object.entries(targets)) {
        for (const [category, target] of Object.entries(categories)) {
          const got = result.weights.reduce((s, w, i) => s + (units[i][variable] === category ? w : 0), 0);
          expect(Math.abs(got - target) / population, `case ${run}: ${variable}=${category}`).toBeLessThan(1e-8);
        }
      }
      for (const w of result.weights) expect(w, `case ${run}`).toBeGreaterThan(0);
      expect(result.effectiveN).toBeLessThanOrEqual(units.length * (1 + 1e-12));
    }
  });
});

describe("estimates", () => {
  it("shares within [0, 1] and low ≤ estimate ≤ high, for single and multiple choices and any positive weights (500 cases)", () => {
    const rng = createRng(6002);
    const categories = ["a", "b", "c", "d"];
    for (let run = 0; run < 500; run++) {
      const n = between(rng, 0, 60);
      const multi = rng.next() < 0.5;
      const answers = Array.from({ length: n }, () => {
        const r = rng.next();
        if (r < 0.15) return null;
        if (!multi) return categories[rng.nextInt(categories.length)];
        return categories.filter(() => rng.next() < 0.4);
      });
      // Weights from nearly equal to wildly unequal.
      const spread = [1, 10, 1000][rng.nextInt(3)];
      const weights = answers.map(() => 0.01 + rng.next() * spread);
      const estimate = estimateCategories(answers, weights, categories);
      for (const [c, e] of Object.entries(estimate.categories)) {
        if (estimate.base === 0) continue; // no base: nothing to estimate (NaN by design)
        const where = `case ${run} ${c}: ${JSON.stringify(e)}`;
        expect(e.estimate, where).toBeGreaterThanOrEqual(0);
        expect(e.estimate, where).toBeLessThanOrEqual(1 + 1e-12);
        expect(e.low, where).toBeGreaterThanOrEqual(0);
        expect(e.high, where).toBeLessThanOrEqual(1);
        expect(e.low, where).toBeLessThanOrEqual(e.estimate + 1e-12);
        expect(e.estimate, where).toBeLessThanOrEqual(e.high + 1e-12);
      }
    }
  });

  it("Wilson intervals, plain and weighted, stay within [0, 1] around the share, at the edges too", () => {
    const rng = createRng(6003);
    for (let run = 0; run < 500; run++) {
      const n = between(rng, 1, 2000);
      const x = [0, n, between(rng, 0, n)][rng.nextInt(3)];
      const ci = wilson(x, n);
      expect(ci.low).toBeGreaterThanOrEqual(0);
      expect(ci.high).toBeLessThanOrEqual(1);
      expect(ci.low).toBeLessThanOrEqual(x / n + 1e-12);
      expect(x / n).toBeLessThanOrEqual(ci.high + 1e-12);
      const weights = Array.from({ length: Math.min(n, 50) }, () => 0.1 + rng.next() * 9);
      const chosen = weights.map(() => rng.next() < 0.3);
      const w = weightedWilson(chosen, weights);
      expect(w.low).toBeGreaterThanOrEqual(0);
      expect(w.high).toBeLessThanOrEqual(1);
    }
  });
});

describe("ranking", () => {
  /** Random raw criteria: six criteria and the feasibility X; `levels` makes ties likely. */
  function randomMatrix(rng: Rng, S: number, levels: number): Float64Array {
    const m = new Float64Array(S * 7);
    for (let i = 0; i < m.length; i++) m[i] = levels ? rng.nextInt(levels) / levels : rng.next();
    for (let k = 0; k < S; k++) if (rng.next() < 0.1) m[k * 7 + 6] = Number.NaN; // no staff judgement
    return m;
  }

  it("ranks without ties are a permutation of 1..n over the ranked services (400 cases)", () => {
    const rng = createRng(6004);
    for (let run = 0; run < 400; run++) {
      const S = between(rng, 1, 25);
      const services = Array.from({ length: S }, (_, k) => `s${k}`);
      const result = rankFromMatrix(randomMatrix(rng, S, 0), services, undefined, rng.next());
      const ranks = result.ranking.map((r) => r.rank);
      // Min–max normalisation can tie two services even on continuous data (each best on three criteria).
      const scores = result.ranking.map((r) => r.score);
      const distinct = scores.every((x, i) => i === 0 || scores[i - 1] - x > 1e-9);
      if (distinct) expect(ranks, `case ${run}`).toEqual(ranks.map((_, i) => i + 1));
      else expect(new Set(ranks).size).toBeLessThan(ranks.length);
      // Every service is either ranked or excluded, once.
      expect([...result.ranking, ...result.excluded].map((r) => r.service).sort()).toEqual([...services].sort());
      for (const r of result.excluded) expect(r.gate).toBe("fail");
    }
  });

  it("with ties, ranks are competition ranks (1, 2, 2, 4): one plus the number of services scoring higher (400 cases)", () => {
    const rng = createRng(6005);
    for (let run = 0; run < 400; run++) {
      const S = between(rng, 1, 25);
      const scores = Float64Array.from({ length: S }, () => rng.nextInt(4));
      const included = Uint8Array.from({ length: S }, () => (rng.next() < 0.85 ? 1 : 0));
      const ranks = competitionRanks(scores, included, new Int32Array(S));
      for (let k = 0; k < S; k++) {
        if (!included[k]) expect(ranks[k]).toBe(0);
        else {
          let higher = 0;
          for (let l = 0; l < S; l++) if (included[l] && scores[l] > scores[k]) higher++;
          expect(ranks[k], `case ${run}`).toBe(higher + 1);
        }
      }
      // Sorted, they start at 1 and a tie of t ranks skips t - 1 places.
      const sorted = [...ranks].filter((_, k) => included[k]).sort((a, b) => a - b);
      sorted.forEach((r, i) => expect(r).toBeLessThanOrEqual(i + 1));
      if (sorted.length) expect(sorted[0]).toBe(1);

      const services = Array.from({ length: S }, (_, k) => `s${k}`);
      const ranked = rankFromMatrix(randomMatrix(rng, S, 3), services).ranking;
      for (const r of ranked) expect(r.rank).toBe(1 + ranked.filter((o) => o.score > r.score + 1e-12).length);
    }
  });
});

describe("small-cell suppression", () => {
  // Only one-way groups (a question's categories and its total) are suppressed: a two-way table with
  // row and column totals needs an audit (e.g. linear programming) that "no row or column with one
  // hidden cell" does not give, so the module offers no two-way suppression at all.
  it("a single group (a question's categories and its total) never leaves exactly one hidden cell", () => {
    const rng = createRng(6007);
    for (let run = 0; run < 500; run++) {
      const counts = Array.from(
        { length: between(rng, 2, 8) },
        () => [0, between(rng, 1, 4), between(rng, 5, 50)][rng.nextInt(3)],
      );
      const cells = suppressCells(counts, [counts.map((_, i) => i)]);
      const hidden = cells.filter((c) => c.suppressed);
      expect(hidden.length, `case ${run}: ${JSON.stringify(counts)}`).not.toBe(1);
      for (const [i, n] of counts.entries()) if (n > 0 && n < MIN_CELL) expect(cells[i].suppressed).toBe(true);
    }
  });
});
