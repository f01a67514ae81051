import {
  bestWorstEffectiveN,
  bestWorstLogit,
  bestWorstScores,
  MIN_CELL,
  type BestWorstTask,
} from "../analysis/index.js";
import type { BestWorstSection } from "./contract.js";
import { roundTo } from "./protection.js";

/** The best–worst section of the report: count scores with intervals and the logit share of preference. */
export type { BestWorstSection };

/**
 * Built only when the survey measures importance by best–worst scaling. A service shown to fewer than
 * 5 respondents of the view, counted exactly or as published, publishes no figure (a mean of fewer than
 * 5 answers; docs/disclosure-policy.md). Published figures are rounded: scores and their intervals to
 * two decimals (a hundredth of a scale two wide, like a tenth of a 1–10 mark), shares to three.
 */
export function bestWorstSection(
  tasks: BestWorstTask[][],
  services: readonly string[],
  weights: ArrayLike<number>,
  /** The published (disclosure-protected) count of the respondents flagged true. */
  publishedCount: (flags: boolean[]) => number | null,
  rounded = true,
): BestWorstSection | null {
  const answered = tasks.map((t, i) => ({ t, w: weights[i] })).filter((x) => x.t.length > 0);
  if (answered.length < MIN_CELL) return null;
  const published = publishedCount(tasks.map((t) => t.length > 0));
  const respondents = answered.map((x) => x.t);
  const w = answered.map((x) => x.w);
  const scores = bestWorstScores(respondents, services, w);
  const logit = bestWorstLogit(respondents, w);
  const shareOf = new Map(logit.items.map((item, j) => [item, logit.shares[j]]));
  const finite = (x: number | null, decimals: number): number | null =>
    x !== null && Number.isFinite(x) ? (rounded ? roundTo(x, decimals) : x) : null;
  return {
    respondents: published,
    effectiveN: published === null ? null : (bestWorstEffectiveN(respondents, w) * published) / answered.length,
    logitConverged: logit.converged,
    services: scores.map((s) => {
      const shown = publishedCount(tasks.map((t) => t.some((task) => task.items.includes(s.item))));
      const hidden = s.n < MIN_CELL || shown === null || shown < MIN_CELL;
      return {
        service: s.item,
        n: hidden ? null : shown,
        score: hidden ? null : finite(s.score, 2),
        low: hidden ? null : finite(s.low, 2),
        high: hidden ? null : finite(s.high, 2),
        bestShare: hidden ? null : finite(s.bestShare, 3),
        worstShare: hidden ? null : finite(s.worstShare, 3),
        share: hidden || !logit.converged ? null : finite(shareOf.get(s.item) ?? null, 3),
        suppressed: hidden,
      };
    }),
  };
}
