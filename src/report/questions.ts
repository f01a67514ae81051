import { designMean, designShare, estimateCategories, estimateMean, FLAG_BASE, suppressCells, type WeightingDesign } from "../analysis/index.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { allQuestions, choicesOf, columnsOf, type Answers } from "../surveys/options.js";
import { DONT_KNOW, type Question } from "../surveys/schema.js";
import type { Cell } from "./types.js";

export interface QuestionReport {
  type: Question["type"];
  label: { it: string; en: string };
  /** Respondents who answered; null when under 5. */
  base: number | null;
  smallBase: boolean;
  categories: Record<string, Cell>;
  mean?: { mean: number | null; low: number | null; high: number | null; dontKnowShare: number | null; n: number | null };
  /** A weighting variable: its estimates are the census values the weights are fixed to, without intervals. */
  census?: boolean;
}

/**
 * The calibrated design behind the weights: intervals then come from the raking-linearised standard
 * error. `rows[j]` is the design unit of answer set j; `census` gives, for each weighting question, the
 * census share of each of its categories (only where the view's weights fix them: the whole sample).
 */
export interface DesignContext {
  design: WeightingDesign;
  rows: readonly number[];
  census: ReadonlyMap<string, Readonly<Record<string, number>>>;
}

const MIN = 5;

/**
 * Weighted estimates for every closed question (matrix rows as `id/row`), with small cells
 * hidden: a category chosen by fewer than 5 respondents, and the next smallest of its question
 * when only one would be hidden (so it can't be recovered from the base).
 */
export function questionReports(survey: LoadedSurvey, answers: Answers[], weights: ArrayLike<number>, context?: DesignContext): Record<string, QuestionReport> {
  const out: Record<string, QuestionReport> = {};
  // Every key answered by anyone, gathered once (not once per matrix question: 35,000 respondents).
  const answered = new Set<string>();
  for (const a of answers) for (const key in a) answered.add(key);
  for (const q of allQuestions(survey.definition)) {
    if (q.type === "matrix") {
      const columns = columnsOf(q).map((c) => c.value);
      const rows = new Set<string>();
      for (const key of answered) if (key.startsWith(`${q.id}/`) && key !== `${q.id}/other`) rows.add(key);
      for (const key of [...rows].sort()) out[key] = one(q, answers.map((a) => a[key]), weights, columns, context);
    } else if (q.type === "single" || q.type === "multi") {
      const values = [...choicesOf(q, survey.catalogue).map((c) => c.value), ...(q.other ? ["other"] : [])];
      out[q.id] = one(q, answers.map((a) => (q.type === "multi" ? a[q.id]?.split(" ") : a[q.id])), weights, values, context);
    } else if (q.type === "scale" || q.type === "rating") {
      const max = q.type === "scale" ? q.max : 5;
      const min = q.type === "scale" ? q.min : 1;
      const values = Array.from({ length: max - min + 1 }, (_, i) => String(min + i));
      if (q.type === "scale" && q.dontKnow) values.push(DONT_KNOW);
      out[q.id] = one(q, answers.map((a) => a[q.id]), weights, values, context);
    }
  }
  return out;
}

function one(q: Question, values: ReadonlyArray<string | string[] | undefined>, weights: ArrayLike<number>, categories: string[], context?: DesignContext): QuestionReport {
  const est = estimateCategories(values, weights, categories);
  const census = context?.census.get(q.id);
  if (context) withDesignIntervals(est.categories, values, context, census);
  const keys = Object.keys(est.categories);
  const disclosure = suppressCells(keys.map((k) => est.categories[k].count), [keys.map((_, i) => i)], MIN);
  const baseHidden = est.base > 0 && est.base < MIN;
  const categoriesOut: Record<string, Cell> = {};
  keys.forEach((k, i) => {
    const hidden = baseHidden || disclosure[i].suppressed;
    const c = est.categories[k];
    categoriesOut[k] = hidden
      ? { count: null, estimate: null, low: null, high: null, suppressed: true }
      : { count: c.count, estimate: finite(c.estimate), low: finite(c.low), high: finite(c.high), suppressed: false };
  });
  const report: QuestionReport = { type: q.type, label: q.label, base: baseHidden ? null : est.base, smallBase: est.base < FLAG_BASE, categories: categoriesOut, ...(census ? { census: true } : {}) };
  const numeric = q.type === "scale" || q.type === "rating" || (q.type === "matrix" && !!q.scale);
  if (numeric) {
    const nums = values.map((v) => (v === undefined ? undefined : v === DONT_KNOW ? null : Number(v)));
    const m = estimateMean(nums, weights);
    if (context && m.n >= 2) {
      const y = new Float64Array(context.design.fragments.persons).fill(Number.NaN);
      nums.forEach((v, j) => {
        if (typeof v === "number" && Number.isFinite(v)) y[context.rows[j]] = v;
      });
      const d = designMean(context.design, y);
      m.mean = d.estimate;
      m.low = d.low;
      m.high = d.high;
    }
    report.mean = m.n >= MIN
      ? { mean: finite(m.mean), low: m.low, high: m.high, dontKnowShare: finite(m.dontKnowShare), n: m.n }
      : { mean: null, low: null, high: null, dontKnowShare: null, n: null };
  }
  return report;
}

/**
 * Replaces the Kish-based intervals by design-based ones: the weighted share with a Wilson interval on
 * its own effective n (designShare). A weighting variable's categories get their census share and no
 * interval (a category the census does not have, e.g. sex «altro», gets none).
 */
function withDesignIntervals(
  estimates: Record<string, { estimate: number; low: number; high: number }>,
  values: ReadonlyArray<string | string[] | undefined>,
  context: DesignContext,
  census: Readonly<Record<string, number>> | undefined,
): void {
  const persons = context.design.fragments.persons;
  for (const [category, e] of Object.entries(estimates)) {
    if (census) {
      e.estimate = census[category] ?? Number.NaN;
      e.low = e.high = Number.NaN;
      continue;
    }
    const indicator = new Float64Array(persons).fill(Number.NaN);
    values.forEach((v, j) => {
      if (v === undefined) return;
      indicator[context.rows[j]] = (typeof v === "string" ? v === category : v.includes(category)) ? 1 : 0;
    });
    const d = designShare(context.design, indicator);
    e.estimate = d.estimate;
    e.low = d.low ?? Number.NaN;
    e.high = d.high ?? Number.NaN;
  }
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
