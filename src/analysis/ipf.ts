import { AnalysisError } from "./errors.js";

/** Census margins: variable → category → population. A crossed margin is a variable such as `eta*sesso`. */
export type MarginTargets = Record<string, Record<string, number>>;

/** Margins turned into integer codes per unit, so raking is a pass over typed arrays. */
export interface CompiledMargins {
  variables: string[];
  categories: string[][];
  /** codes[v][i]: index into categories[v] of unit i. */
  codes: Int32Array[];
  targets: Float64Array[];
  units: number;
}

export interface IpfOptions {
  /** Stop when the largest relative weight change in a sweep is below this. */
  tolerance?: number;
  maxIterations?: number;
  /** Leave categories with no weight alone instead of failing (bootstrap replicates only). */
  skipEmpty?: boolean;
}

export interface IpfResult {
  converged: boolean;
  iterations: number;
  /** Category adjustments skipped because the category had no weight (only with skipEmpty). */
  emptyCategories: number;
}

const TOTALS_TOLERANCE = 0.001;

/** Validates the sample against the margins and codes every unit; throws AnalysisError on a mismatch. */
export function compileMargins(units: ReadonlyArray<Record<string, string>>, targets: MarginTargets): CompiledMargins {
  const variables = Object.keys(targets);
  if (variables.length === 0) throw new AnalysisError("INVALID_INPUT", "No margins to rake to");
  const totals = variables.map((v) => Object.values(targets[v]).reduce((s, x) => s + x, 0));
  const first = totals[0];
  variables.forEach((v, k) => {
    if (Math.abs(totals[k] - first) > TOTALS_TOLERANCE * first) {
      throw new AnalysisError(
        "MARGIN_TOTALS_DISAGREE",
        `Margin "${v}" sums to ${totals[k]} but "${variables[0]}" sums to ${first} (more than 0.1 % apart)`,
        { variable: v, total: totals[k], reference: variables[0], referenceTotal: first },
      );
    }
  });
  const categories: string[][] = [];
  const codes: Int32Array[] = [];
  const compiledTargets: Float64Array[] = [];
  variables.forEach((v, k) => {
    const cats = Object.keys(targets[v]);
    const index = new Map(cats.map((c, j) => [c, j]));
    const code = new Int32Array(units.length);
    const seen = new Uint8Array(cats.length);
    units.forEach((u, i) => {
      const c = u[v];
      if (c === undefined) {
        throw new AnalysisError("MISSING_CATEGORY", `Respondent ${i} has no category for margin "${v}"`, { variable: v, unit: i });
      }
      const j = index.get(c);
      if (j === undefined) {
        throw new AnalysisError("CATEGORY_WITHOUT_TARGET", `Category "${c}" of margin "${v}" is in the sample but has no population target`, { variable: v, category: c });
      }
      code[i] = j;
      seen[j] = 1;
    });
    const empty = cats.filter((_, j) => !seen[j] && targets[v][cats[j]] > 0);
    if (empty.length > 0) {
      throw new AnalysisError("TARGET_WITHOUT_RESPONDENTS", `Margin "${v}" has no respondents in: ${empty.join(", ")}`, { variable: v, categories: empty });
    }
    // Totals within 0.1 % are rounding in the census tables: scale each margin to the first one's total.
    const scale = first / totals[k];
    categories.push(cats);
    codes.push(code);
    compiledTargets.push(Float64Array.from(cats, (c) => targets[v][c] * scale));
  });
  return { variables, categories, codes, targets: compiledTargets, units: units.length };
}

/** Iterative proportional fitting in place: w_i ← w_i·T_vc/Σ_{i∈c} w_i over margins until stable. */
export function ipf(margins: CompiledMargins, weights: Float64Array, options: IpfOptions = {}): IpfResult {
  const tolerance = options.tolerance ?? 1e-10;
  const maxIterations = options.maxIterations ?? 1000;
  const n = weights.length;
  let emptyCategories = 0;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    let maxChange = 0;
    for (let v = 0; v < margins.codes.length; v++) {
      const code = margins.codes[v];
      const target = margins.targets[v];
      const sums = new Float64Array(target.length);
      for (let i = 0; i < n; i++) sums[code[i]] += weights[i];
      const factor = new Float64Array(target.length);
      for (let c = 0; c < target.length; c++) {
        if (sums[c] > 0) factor[c] = target[c] / sums[c];
        else if (options.skipEmpty || target[c] === 0) {
          factor[c] = 1;
          if (iteration === 1 && target[c] > 0) emptyCategories++;
        } else {
          throw new AnalysisError("TARGET_WITHOUT_RESPONDENTS", `Margin "${margins.variables[v]}" category "${margins.categories[v][c]}" has no weight to rake`);
        }
        maxChange = Math.max(maxChange, Math.abs(factor[c] - 1));
      }
      for (let i = 0; i < n; i++) weights[i] *= factor[code[i]];
    }
    if (maxChange < tolerance) return { converged: true, iterations: iteration, emptyCategories };
  }
  return { converged: false, iterations: maxIterations, emptyCategories };
}
