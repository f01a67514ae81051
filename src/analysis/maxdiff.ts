import { effectiveSize } from "./intervals.js";
import { tQuantile } from "./student-t.js";

/**
 * Best–worst scaling, count method (Louviere, Flynn & Marley 2015, ch. 5; docs/maxdiff.md).
 * One task is one set shown to a respondent with the item chosen as best and the one chosen as worst.
 */
export interface BestWorstTask {
  items: readonly string[];
  best: string;
  worst: string;
}

/**
 * A respondent's standardised best-minus-worst score per item: (times best − times worst) / times
 * shown, in [−1, 1]; items never shown are absent. This is what enters the citizen record as the
 * importance of each service, so the bootstrap resamples it with everything else.
 */
export function individualScores(tasks: readonly BestWorstTask[]): Record<string, number> {
  // Arrays searched in place rather than maps: a respondent sees a dozen items or so, and this runs
  // for every respondent of a report (maps made it the report's largest allocation).
  const items: string[] = [];
  const shown: number[] = [];
  for (const task of tasks)
    for (const item of task.items) {
      const k = items.indexOf(item);
      if (k >= 0) shown[k]++;
      else {
        items.push(item);
        shown.push(1);
      }
    }
  // Then the picks (integers, so their order does not matter); an item picked but never shown has no score.
  const net = new Array<number>(items.length).fill(0);
  for (const task of tasks) {
    const best = items.indexOf(task.best);
    const worst = items.indexOf(task.worst);
    if (best >= 0) net[best]++;
    if (worst >= 0) net[worst]--;
  }
  const out: Record<string, number> = {};
  for (let k = 0; k < items.length; k++) out[items[k]] = net[k] / shown[k];
  return out;
}

export interface BestWorstScore {
  item: string;
  /** Respondents who were shown the item. */
  n: number;
  /** Weighted share of the item's appearances chosen as best, and as worst. */
  bestShare: number;
  worstShare: number;
  /** Weighted mean of the individual scores (B − W) / shown: from −1 (always worst) to 1 (always best). */
  score: number;
  se: number | null;
  low: number | null;
  high: number | null;
}

/**
 * Weighted count scores with design-based intervals: the mean of the individual scores over the
 * respondents shown the item (a domain of the sample), with the linearised standard error of a
 * with-replacement design, as survey::svymean(~bw, svydesign(ids = ~1, weights = ~w), na.rm = TRUE)
 * computes it (checked against R in tests/analysis/maxdiff.test.ts), and a t interval on n − 1
 * degrees of freedom, n being every respondent given.
 */
export function bestWorstScores(
  respondents: ReadonlyArray<readonly BestWorstTask[]>,
  items: readonly string[],
  weights: ArrayLike<number>,
  level = 0.95,
): BestWorstScore[] {
  const n = respondents.length;
  const t = n > 1 ? tQuantile((1 + level) / 2, n - 1) : Number.NaN;
  const K = items.length;
  const column = new Map(items.map((item, k) => [item, k]));
  // One pass over the answers: y[k·n + i] is respondent i's score of item k (NaN when not shown), and
  // the weighted appearances, bests and worsts of each item, added in the same order as item by item.
  const y = new Float64Array(K * n).fill(Number.NaN);
  const shownW = new Float64Array(K);
  const bestW = new Float64Array(K);
  const worstW = new Float64Array(K);
  // A respondent's times shown and net picks per item, as individualScores counts them, in arrays
  // cleared after each respondent rather than a new object per respondent.
  const shown = new Int32Array(K);
  const net = new Int32Array(K);
  respondents.forEach((tasks, i) => {
    if (tasks.length === 0) return;
    const w = weights[i];
    for (const task of tasks) {
      for (const item of task.items) {
        const k = column.get(item);
        if (k === undefined) continue;
        shown[k]++;
        shownW[k] += w;
        if (task.best === item) bestW[k] += w;
        if (task.worst === item) worstW[k] += w;
      }
      const best = column.get(task.best);
      const worst = column.get(task.worst);
      if (best !== undefined) net[best]++;
      if (worst !== undefined) net[worst]--;
    }
    for (let k = 0; k < K; k++) if (shown[k] > 0) y[k * n + i] = net[k] / shown[k];
    shown.fill(0);
    net.fill(0);
  });
  return items.map((item, k) => {
    const ys = y.subarray(k * n, (k + 1) * n);
    let sw = 0,
      swy = 0,
      count = 0;
    for (let i = 0; i < n; i++) {
      if (Number.isNaN(ys[i])) continue;
      count++;
      sw += weights[i];
      swy += weights[i] * ys[i];
    }
    const score = sw > 0 ? swy / sw : Number.NaN;
    const se = n > 1 && sw > 0 ? domainSe(ys, weights, score, sw) : null;
    return {
      item,
      n: count,
      bestShare: shownW[k] > 0 ? bestW[k] / shownW[k] : Number.NaN,
      worstShare: shownW[k] > 0 ? worstW[k] / shownW[k] : Number.NaN,
      score,
      se,
      low: se === null ? null : score - t * se,
      high: se === null ? null : score + t * se,
    };
  });
}

/** Influence values wᵢ(yᵢ − ȳ)/Σw inside the domain (y a number), 0 outside; v = n/(n − 1)·Σ(xᵢ − x̄)². */
function domainSe(ys: Float64Array, weights: ArrayLike<number>, mean: number, sw: number): number {
  const n = ys.length;
  const x = (i: number) => (Number.isNaN(ys[i]) ? 0 : (weights[i] * (ys[i] - mean)) / sw);
  let total = 0;
  for (let i = 0; i < n; i++) total += x(i);
  const xbar = total / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (x(i) - xbar) ** 2;
  return Math.sqrt((n / (n - 1)) * ss);
}

/** Kish effective size of the respondents who answered, for the report's caveats. */
export function bestWorstEffectiveN(
  respondents: ReadonlyArray<readonly BestWorstTask[]>,
  weights: ArrayLike<number>,
): number {
  return effectiveSize(respondents.flatMap((tasks, i) => (tasks.length ? [weights[i]] : [])));
}
