import {
  designMean,
  designShares,
  estimateCategories,
  estimateMean,
  FLAG_BASE,
  MIN_CELL,
  wilson,
  type WeightingDesign,
} from "../analysis/index.js";
import { kindOf } from "../surveys/kinds/index.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { allQuestions } from "../surveys/options.js";
import { DONT_KNOW, type Question } from "../surveys/schema.js";
import { adjustWeighted, protection, roundTo, Tally, type Protection } from "./protection.js";
import type { Cell, QuestionReport } from "./contract.js";
import { answeredKeys, decodeRows, type AnswerRows } from "./answer-columns.js";

export type { QuestionReport };

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

const MIN = MIN_CELL;

/**
 * Weighted estimates for every closed question (matrix rows as `id/row`). Every count (category,
 * base, `n` of the mean) is published through the protection layer (cell-key perturbation); the
 * weighted shares and their intervals are scaled to the perturbed counts, so a share and its count
 * never disagree. `keys` are the record keys of the respondents, in the order of the rows of `answers`
 * (the answer columns of the whole sample, gathered once per report, and the view's rows of them);
 * `total` is the number of respondents the columns hold.
 */
export function questionReports(
  survey: LoadedSurvey,
  answers: AnswerRows,
  total: number,
  weights: ArrayLike<number>,
  context?: DesignContext,
  keys: ArrayLike<number> = new Array<number>(answers.rows.length).fill(0),
  protect: Protection = protection(),
): Record<string, QuestionReport> {
  const ctx = { keys, protect };
  const out: Record<string, QuestionReport> = {};
  // A column is decoded only while its question is estimated.
  const column = (key: string): (string | undefined)[] => decodeRows(answers.columns.get(key), answers.rows);
  const answered: ReadonlySet<string> = answeredKeys(answers, total);
  for (const q of allQuestions(survey.definition)) {
    const hook = kindOf(q).report;
    if (!hook) continue;
    const categories = hook.categories(q, survey);
    for (const key of hook.keys(q, answered)) {
      out[key] = one(
        q,
        hook.multiple ? column(key).map((v) => v?.split(" ")) : column(key),
        weights,
        categories,
        hook.numeric(q),
        context,
        ctx,
      );
    }
  }
  return out;
}

type Protect = { keys: ArrayLike<number>; protect: Protection };

function one(
  q: Question,
  values: ReadonlyArray<string | string[] | undefined>,
  weights: ArrayLike<number>,
  categories: string[],
  numeric: boolean,
  context: DesignContext | undefined,
  ctx: Protect,
): QuestionReport {
  const est = estimateCategories(values, weights, categories);
  const census = context?.census.get(q.id);
  if (context) withDesignIntervals(est.categories, values, context, census);
  const keys = Object.keys(est.categories);
  // The cells: who answered, who chose each category, who gave a number (the mean's n).
  const base = new Tally();
  const numericTally = new Tally();
  const byCategory = new Map<string, Tally>(keys.map((k) => [k, new Tally()]));
  values.forEach((v, i) => {
    if (v === undefined || v === null) return;
    const key = ctx.keys[i];
    base.add(key);
    // A single answer without an array for it: this runs for every respondent of every question.
    if (typeof v === "string") byCategory.get(v)?.add(key);
    else for (const c of new Set(v)) byCategory.get(c)?.add(key);
    if (typeof v === "string" && v !== DONT_KNOW && Number.isFinite(Number(v))) numericTally.add(key);
  });
  const publishedBase = ctx.protect.count(base.n, base.sum);
  const baseHidden = publishedBase === null || (publishedBase > 0 && publishedBase < MIN);
  // Weighted share of a category, scaled to the perturbed counts of the category and of the base
  // (as the ABS does for weighted estimates); a census share is the census's and stays as it is.
  const baseScale = baseHidden ? null : adjustWeighted(1, base.n, publishedBase);
  const categoriesOut: Record<string, Cell> = {};
  for (const k of keys) {
    const c = est.categories[k];
    const t = byCategory.get(k)!;
    const count = baseHidden ? null : ctx.protect.count(t.n, t.sum);
    if (count === null) {
      categoriesOut[k] = {
        count: null,
        estimate: null,
        low: null,
        high: null,
        suppressed: true,
        reason: baseHidden ? "derived" : "small",
      };
      continue;
    }
    if (count === 0 && !census) {
      // A published zero: the interval of a zero share on the published base, nothing from the true cell
      // (a small count perturbed to 0 must look like a true 0).
      categoriesOut[k] = {
        count,
        estimate: 0,
        low: 0,
        high: finite(wilson(0, publishedBase ?? 0).high),
        suppressed: false,
        reason: null,
      };
      continue;
    }
    const scale = census ? 1 : (adjustWeighted(1, t.n, count) ?? 0) / (baseScale || 1);
    categoriesOut[k] = {
      count,
      estimate: finite(Math.min(1, c.estimate * scale)),
      low: finite(Math.min(1, c.low * scale)),
      high: finite(Math.min(1, c.high * scale)),
      suppressed: false,
      reason: null,
    };
  }
  const report: QuestionReport = {
    type: q.type,
    label: q.label,
    base: baseHidden ? null : publishedBase,
    smallBase: (publishedBase ?? 0) < FLAG_BASE,
    categories: categoriesOut,
    baseReason: baseHidden ? "small" : null,
    ...(census ? { census: true } : {}),
  };
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
    const n = baseHidden ? null : ctx.protect.count(numericTally.n, numericTally.sum);
    // «Non so» is a category like the others: its share is the category's (perturbed) share.
    const dontKnow = categoriesOut[DONT_KNOW];
    const dontKnowShare = dontKnow ? dontKnow.estimate : m.dontKnowCount === 0 ? 0 : null;
    const round = (x: number | null) => (ctx.protect.perturbed ? roundTo(x, 1) : x);
    // A mean is a sum in disguise: it needs at least 5 answers, both true and published.
    report.mean =
      n !== null && n >= MIN && m.n >= MIN
        ? { mean: round(finite(m.mean)), low: round(m.low), high: round(m.high), dontKnowShare, n }
        : { mean: null, low: null, high: null, dontKnowShare: n === null ? null : dontKnowShare, n };
  }
  return report;
}

/**
 * Replaces the Kish-based intervals by design-based ones: the weighted share with a Wilson interval on
 * its own effective n (designShares, all the question's categories at once). A weighting variable's categories get their census share and no
 * interval (a category the census does not have, e.g. sex «altro», gets none).
 */
function withDesignIntervals(
  estimates: Record<string, { estimate: number; low: number; high: number }>,
  values: ReadonlyArray<string | string[] | undefined>,
  context: DesignContext,
  census: Readonly<Record<string, number>> | undefined,
): void {
  const shares = census ? undefined : designShares(context.design, context.rows, values, Object.keys(estimates));
  for (const [category, e] of Object.entries(estimates)) {
    const d = shares?.get(category);
    e.estimate = d ? d.estimate : (census?.[category] ?? Number.NaN);
    e.low = d?.low ?? Number.NaN;
    e.high = d?.high ?? Number.NaN;
  }
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
