import { effectiveSize, weightedMeanInterval, wilsonFromProportion, Z95 } from "./intervals.js";

/** A choice answer: one value, several (multiple choice; [] = answered, none chosen), or not answered. */
export type ChoiceAnswer = string | readonly string[] | null | undefined;

/** A numeric answer: a number, null for "non so", undefined when not answered or not asked. */
export type NumericAnswer = number | null | undefined;

export interface CategoryEstimate {
  /** Unweighted respondents who chose the category. */
  count: number;
  /** Weighted share of the base. */
  estimate: number;
  low: number;
  high: number;
}

export interface QuestionEstimate {
  /** Unweighted respondents who answered. */
  base: number;
  effectiveBase: number;
  categories: Record<string, CategoryEstimate>;
}

export interface MeanEstimate {
  mean: number;
  se: number | null;
  low: number | null;
  high: number | null;
  /** Respondents with a numeric answer. */
  n: number;
  dontKnowCount: number;
  /** Weighted share of "non so" among those who answered at all. */
  dontKnowShare: number;
  /** The methodology flags items where more than 20 % say "non so". */
  dontKnowHigh: boolean;
}

const DONT_KNOW_FLAG = 0.2;

/**
 * Weighted category shares with weighted Wilson intervals (Kish effective n of the base).
 * `categories` fixes the order and adds categories nobody chose; others found in the data follow.
 */
export function estimateCategories(
  answers: ReadonlyArray<ChoiceAnswer>,
  weights: ArrayLike<number>,
  categories: readonly string[] = [],
  z: number = Z95,
): QuestionEstimate {
  const count = new Map<string, number>(categories.map((c) => [c, 0]));
  const weighted = new Map<string, number>(categories.map((c) => [c, 0]));
  const baseWeights: number[] = [];
  let total = 0;
  answers.forEach((answer, i) => {
    if (answer === null || answer === undefined) return;
    const w = weights[i];
    baseWeights.push(w);
    total += w;
    // A repeated value in one multiple-choice answer still counts once; a single answer needs no array.
    if (typeof answer === "string") {
      count.set(answer, (count.get(answer) ?? 0) + 1);
      weighted.set(answer, (weighted.get(answer) ?? 0) + w);
    } else
      for (const c of new Set(answer)) {
        count.set(c, (count.get(c) ?? 0) + 1);
        weighted.set(c, (weighted.get(c) ?? 0) + w);
      }
  });
  const effectiveBase = effectiveSize(baseWeights);
  const result: Record<string, CategoryEstimate> = {};
  for (const [c, n] of count) {
    const p = total > 0 ? (weighted.get(c) ?? 0) / total : Number.NaN;
    const ci = wilsonFromProportion(p, effectiveBase, z);
    result[c] = { count: n, estimate: p, low: ci.low, high: ci.high };
  }
  return { base: baseWeights.length, effectiveBase, categories: result };
}

/** Weighted mean of numeric answers with "non so" left out of the mean and its share reported. */
export function estimateMean(
  values: ReadonlyArray<NumericAnswer>,
  weights: ArrayLike<number>,
  level = 0.95,
): MeanEstimate {
  const ys: number[] = [];
  const ws: number[] = [];
  let dontKnowCount = 0;
  let dontKnowWeight = 0;
  let answeredWeight = 0;
  values.forEach((v, i) => {
    if (v === undefined) return;
    answeredWeight += weights[i];
    if (v === null) {
      dontKnowCount++;
      dontKnowWeight += weights[i];
      return;
    }
    ys.push(v);
    ws.push(weights[i]);
  });
  const m = weightedMeanInterval(ys, ws, level);
  const dontKnowShare = answeredWeight > 0 ? dontKnowWeight / answeredWeight : 0;
  return {
    mean: m.mean,
    se: m.se,
    low: m.low,
    high: m.high,
    n: ys.length,
    dontKnowCount,
    dontKnowShare,
    dontKnowHigh: dontKnowShare > DONT_KNOW_FLAG,
  };
}
