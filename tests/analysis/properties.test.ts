/**
 * Properties of the analysis module over many random cases from a seeded generator: a failure
 * prints its case number, and the same seed replays it.
 */
import { describe, expect, it } from "vitest";
import { estimateCategories } from "../../src/analysis/estimates.js";
import { weightedWilson, wilson } from "../../src/analysis/intervals.js";
import { createRng, type Rng } from "../../src/analysis/random.js";
import { competitionRanks, rankFromMatrix } from "../../src/analysis/ranking.js";
import { MIN_CELL, suppressCells, suppressTable } from "../../src/analysis/suppression.js";
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
      for (const k of cats) cells.splice(0, cells.length, ...cells.flatMap((c) => Array.from({ length: k }, (_, j) => [...c, j])));
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
      const units = [...cells.map(unitOf), ...Array.from({ length: between(rng, 0, 400) }, () => unitOf(cells[rng.nextInt(cells.length)]))];
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

/**
 * Can an attacker who sees the shown cells and every row and column total pin down a hidden
 * cell exactly? Searches for another non-negative integer filling of the hidden cells that
 * matches all totals but gives this cell a different value. Returns undefined when the search
 * is too large to finish (the case is then not counted).
 */
function recoverable(table: number[][], hidden: boolean[][], target: [number, number]): boolean | undefined {
  const R = table.length;
  const K = table[0].length;
  const rowLeft = table.map((row, r) => row.reduce((s, x, c) => s + (hidden[r][c] ? x : 0), 0));
  const colLeft = Array.from({ length: K }, (_, c) => table.reduce((s, row, r) => s + (hidden[r][c] ? row[c] : 0), 0));
  const cells: [number, number][] = [];
  for (let r = 0; r < R; r++) for (let c = 0; c < K; c++) if (hidden[r][c]) cells.push([r, c]);
  let budget = 200_000;
  const search = (i: number): boolean | undefined => {
    if (--budget < 0) return undefined;
    if (i === cells.length) return rowLeft.every((x) => x === 0) && colLeft.every((x) => x === 0);
    const [r, c] = cells[i];
    const lastInRow = i + 1 === cells.length || cells[i + 1][0] !== r;
    const max = Math.min(rowLeft[r], colLeft[c]);
    const values = lastInRow ? [rowLeft[r]] : Array.from({ length: max + 1 }, (_, v) => v);
    for (const v of values) {
      if (v > colLeft[c]) continue;
      if (r === target[0] && c === target[1] && v === table[r][c]) continue;
      rowLeft[r] -= v;
      colLeft[c] -= v;
      const found = search(i + 1);
      rowLeft[r] += v;
      colLeft[c] += v;
      if (found !== false) return found;
    }
    return false;
  };
  const other = search(0);
  return other === undefined ? undefined : !other;
}

describe("small-cell suppression", () => {
  /**
   * KNOWN LEAK, marked `fails` so the suite records it and turns red the day it is fixed: in a
   * two-way table, "no row or column with exactly one hidden cell" is not enough. Seed 6006, case
   * 125: [[1,0,8,12],[8,40,3,0],[0,4,30,22],[4,3,0,9]] hides 9 cells, yet row 2, columns 1 and 3
   * and row 3 give x[3][0] = 16 − (7 − x[2][1]) − (5 + x[2][1]) = 4 exactly. suppressTable is not
   * used by the report (its tables are one-way, suppressCells with the question's total, which the
   * next test shows safe); a two-way table needs an audit (e.g. linear programming) before use.
   */
  it.fails("two-way tables: no hidden cell below 5 can be worked out from the row and column totals and the shown cells (400 random tables)", () => {
    const rng = createRng(6006);
    let checked = 0;
    let skipped = 0;
    for (let run = 0; run < 400; run++) {
      // Two rows at least: with one row a column total is the cell itself (the report never publishes that;
      // its one-way tables use suppressCells with the question's total, tested below).
      const R = between(rng, 2, 4);
      const K = between(rng, 2, 5);
      const table = Array.from({ length: R }, () => Array.from({ length: K }, () => [0, between(rng, 1, 4), between(rng, 0, 12), between(rng, 5, 40)][rng.nextInt(4)]));
      // A row or column whose total is 0 tells the reader its cells are 0, so hiding them protects
      // nothing, and with two rows the other row is then fully known from the column totals
      // (e.g. [[0,0],[1,9]]). No cell suppression can help there: such a row or column is not
      // published with its table (left alone in suppressTable; the report uses one-way groups).
      if (table.some((row) => row.every((x) => x === 0)) || table[0].some((_, c) => table.every((row) => row[c] === 0))) continue;
      const disclosure = suppressTable(table);
      const hidden = disclosure.map((row) => row.map((c) => c.suppressed));
      for (let r = 0; r < R; r++) {
        for (let c = 0; c < K; c++) {
          const n = table[r][c];
          if (n > 0 && n < MIN_CELL) expect(hidden[r][c], `case ${run}: small cell shown`).toBe(true);
          if (!hidden[r][c] || n >= MIN_CELL || n === 0) continue;
          const leak = recoverable(table, hidden, [r, c]);
          if (leak === undefined) skipped++;
          else {
            checked++;
            expect(leak, `case ${run}: cell [${r}][${c}] = ${n} recoverable in ${JSON.stringify(table)} hidden ${JSON.stringify(hidden)}`).toBe(false);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    expect(skipped).toBeLessThan(checked / 10);
  });

  it("a single group (a question's categories and its total) never leaves exactly one hidden cell", () => {
    const rng = createRng(6007);
    for (let run = 0; run < 500; run++) {
      const counts = Array.from({ length: between(rng, 2, 8) }, () => [0, between(rng, 1, 4), between(rng, 5, 50)][rng.nextInt(3)]);
      const cells = suppressCells(counts, [counts.map((_, i) => i)]);
      const hidden = cells.filter((c) => c.suppressed);
      expect(hidden.length, `case ${run}: ${JSON.stringify(counts)}`).not.toBe(1);
      for (const [i, n] of counts.entries()) if (n > 0 && n < MIN_CELL) expect(cells[i].suppressed).toBe(true);
    }
  });
});
