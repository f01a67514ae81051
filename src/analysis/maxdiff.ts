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
  const shown = new Map<string, number>();
  const net = new Map<string, number>();
  for (const task of tasks) {
    for (const item of task.items) shown.set(item, (shown.get(item) ?? 0) + 1);
    net.set(task.best, (net.get(task.best) ?? 0) + 1);
    net.set(task.worst, (net.get(task.worst) ?? 0) - 1);
  }
  const out: Record<string, number> = {};
  for (const [item, a] of shown) out[item] = (net.get(item) ?? 0) / a;
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
  const individual = respondents.map(individualScores);
  const t = n > 1 ? tQuantile((1 + level) / 2, n - 1) : Number.NaN;
  return items.map((item) => {
    let sw = 0,
      swy = 0,
      shownW = 0,
      bestW = 0,
      worstW = 0,
      count = 0;
    respondents.forEach((tasks, i) => {
      const y = individual[i][item];
      if (y === undefined) return;
      const w = weights[i];
      count++;
      sw += w;
      swy += w * y;
      for (const task of tasks) {
        if (!task.items.includes(item)) continue;
        shownW += w;
        if (task.best === item) bestW += w;
        if (task.worst === item) worstW += w;
      }
    });
    const score = sw > 0 ? swy / sw : Number.NaN;
    const se =
      n > 1 && sw > 0
        ? domainSe(
            individual.map((s) => s[item]),
            weights,
            score,
            sw,
          )
        : null;
    return {
      item,
      n: count,
      bestShare: shownW > 0 ? bestW / shownW : Number.NaN,
      worstShare: shownW > 0 ? worstW / shownW : Number.NaN,
      score,
      se,
      low: se === null ? null : score - t * se,
      high: se === null ? null : score + t * se,
    };
  });
}

/** Influence values wᵢ(yᵢ − ȳ)/Σw inside the domain, 0 outside; v = n/(n − 1)·Σ(xᵢ − x̄)². */
function domainSe(
  values: ReadonlyArray<number | undefined>,
  weights: ArrayLike<number>,
  mean: number,
  sw: number,
): number {
  const n = values.length;
  const x = values.map((y, i) => (y === undefined ? 0 : (weights[i] * (y - mean)) / sw));
  const xbar = x.reduce((a, b) => a + b, 0) / n;
  const ss = x.reduce((a, b) => a + (b - xbar) ** 2, 0);
  return Math.sqrt((n / (n - 1)) * ss);
}

/** Kish effective size of the respondents who answered, for the report's caveats. */
export function bestWorstEffectiveN(
  respondents: ReadonlyArray<readonly BestWorstTask[]>,
  weights: ArrayLike<number>,
): number {
  return effectiveSize(respondents.flatMap((tasks, i) => (tasks.length ? [weights[i]] : [])));
}
