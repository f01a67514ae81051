import { bestWorstEffectiveN, bestWorstLogit, bestWorstScores, MIN_CELL, type BestWorstTask } from "../analysis/index.js";

/** The best–worst section of the report: count scores with intervals and the logit share of preference. */
export interface BestWorstSection {
  /** Respondents who answered at least one set (the protected count; null when withheld). */
  respondents: number | null;
  /** Kish effective size of those respondents, scaled to the protected count. */
  effectiveN: number | null;
  services: {
    service: string;
    /** Weighted mean of (best − worst) / shown, from −1 to 1, with its 95 % interval. */
    score: number | null;
    low: number | null;
    high: number | null;
    bestShare: number | null;
    worstShare: number | null;
    /** Share of preference from the conditional logit, in [0, 1]; null when the model did not converge. */
    share: number | null;
    suppressed: boolean;
  }[];
  logitConverged: boolean;
}

/**
 * Built only when the survey measures importance by best–worst scaling. A service shown to fewer
 * than 5 respondents of the view publishes no figure (a mean of fewer than 5 answers).
 */
export function bestWorstSection(
  tasks: BestWorstTask[][],
  services: readonly string[],
  weights: ArrayLike<number>,
  /** The published (disclosure-protected) count of the respondents flagged true. */
  publishedCount: (flags: boolean[]) => number | null,
): BestWorstSection | null {
  const answered = tasks.map((t, i) => ({ t, w: weights[i] })).filter((x) => x.t.length > 0);
  if (answered.length < MIN_CELL) return null;
  const published = publishedCount(tasks.map((t) => t.length > 0));
  const respondents = answered.map((x) => x.t);
  const w = answered.map((x) => x.w);
  const scores = bestWorstScores(respondents, services, w);
  const logit = bestWorstLogit(respondents, w);
  const shareOf = new Map(logit.items.map((item, j) => [item, logit.shares[j]]));
  const finite = (x: number | null): number | null => (x !== null && Number.isFinite(x) ? x : null);
  return {
    respondents: published,
    effectiveN: published === null ? null : (bestWorstEffectiveN(respondents, w) * published) / answered.length,
    logitConverged: logit.converged,
    services: scores.map((s) => {
      const hidden = s.n < MIN_CELL;
      return {
        service: s.item,
        score: hidden ? null : finite(s.score),
        low: hidden ? null : finite(s.low),
        high: hidden ? null : finite(s.high),
        bestShare: hidden ? null : finite(s.bestShare),
        worstShare: hidden ? null : finite(s.worstShare),
        share: hidden || !logit.converged ? null : (shareOf.get(s.item) ?? null),
        suppressed: hidden,
      };
    }),
  };
}
