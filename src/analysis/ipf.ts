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

/** `eta*sesso` for a unit that has `eta` and `sesso` but no joined category: `30_44*F`. */
export function crossedCategory(unit: Record<string, string>, parts: string[]): string | undefined {
  if (parts.length < 2) return undefined;
  const values = parts.map((p) => unit[p]);
  return values.every((x) => x !== undefined) ? values.join("*") : undefined;
}

/** The margins' variables and totals, once the totals are checked to agree (every margin counts the same population). */
export function checkMarginTotals(targets: MarginTargets): { variables: string[]; totals: number[] } {
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
  return { variables, totals };
}

/** Validates the sample against the margins and codes every unit; throws AnalysisError on a mismatch. */
export function compileMargins(
  units: ReadonlyArray<Record<string, string>>,
  targets: MarginTargets,
  missing: "error" | "skip" = "error",
): CompiledMargins {
  const { variables, totals } = checkMarginTotals(targets);
  const first = totals[0];
  const categories: string[][] = [];
  const codes: Int32Array[] = [];
  const compiledTargets: Float64Array[] = [];
  variables.forEach((v, k) => {
    const cats = Object.keys(targets[v]);
    const index = new Map(cats.map((c, j) => [c, j]));
    const code = new Int32Array(units.length);
    const seen = new Uint8Array(cats.length);
    const parts = v.split("*");
    units.forEach((u, i) => {
      const c = u[v] ?? crossedCategory(u, parts);
      if (c === undefined && missing === "skip") {
        // Not covered by this margin (e.g. sex "preferisco non dire"): code -1, left out of its step.
        code[i] = -1;
        return;
      }
      if (c === undefined) {
        throw new AnalysisError("MISSING_CATEGORY", `Respondent ${i} has no category for margin "${v}"`, {
          variable: v,
          unit: i,
        });
      }
      const j = index.get(c);
      if (j === undefined) {
        throw new AnalysisError(
          "CATEGORY_WITHOUT_TARGET",
          `Category "${c}" of margin "${v}" is in the sample but has no population target`,
          { variable: v, category: c },
        );
      }
      code[i] = j;
      seen[j] = 1;
    });
    const empty = cats.filter((_, j) => !seen[j] && targets[v][cats[j]] > 0);
    if (empty.length > 0) {
      throw new AnalysisError(
        "TARGET_WITHOUT_RESPONDENTS",
        `Margin "${v}" has no respondents in: ${empty.join(", ")}`,
        { variable: v, categories: empty },
      );
    }
    // Totals within 0.1 % are rounding in the census tables: scale each margin to the first one's total.
    const scale = first / totals[k];
    categories.push(cats);
    codes.push(code);
    compiledTargets.push(Float64Array.from(cats, (c) => targets[v][c] * scale));
  });
  return { variables, categories, codes, targets: compiledTargets, units: units.length };
}

/** Buffers for ipfCore, allocated once so bootstrap replicates allocate nothing. */
export interface IpfScratch {
  sums: Float64Array[];
  factors: Float64Array[];
  maxChange: number;
  emptyCategories: number;
}

export function createIpfScratch(margins: CompiledMargins): IpfScratch {
  return {
    sums: margins.targets.map((t) => new Float64Array(t.length)),
    factors: margins.targets.map((t) => new Float64Array(t.length)),
    maxChange: Infinity,
    emptyCategories: 0,
  };
}

/**
 * Iterative proportional fitting in place: w_i ← w_i·T_vc/Σ_{i∈c} w_i over every margin, sweep after
 * sweep, until the largest relative change in a sweep is below the tolerance. Returns the sweeps run;
 * scratch.maxChange tells whether it converged.
 */
export function ipfCore(
  margins: CompiledMargins,
  weights: Float64Array,
  tolerance: number,
  maxIterations: number,
  skipEmpty: boolean,
  scratch: IpfScratch,
): number {
  const n = weights.length;
  scratch.emptyCategories = 0;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    let maxChange = 0;
    for (let v = 0; v < margins.codes.length; v++) {
      const code = margins.codes[v];
      const target = margins.targets[v];
      const sums = scratch.sums[v];
      const factor = scratch.factors[v];
      sums.fill(0);
      // Units a margin does not cover (code -1) keep their weight in its step, and its targets
      // shrink to the share of weight it covers, so the total stays the population.
      let covered = 0;
      let total = 0;
      for (let i = 0; i < n; i++) {
        const c = code[i];
        total += weights[i];
        if (c >= 0) {
          sums[c] += weights[i];
          covered += weights[i];
        }
      }
      const share = covered === total ? 1 : covered / total;
      for (let c = 0; c < target.length; c++) {
        if (sums[c] > 0) factor[c] = (target[c] * share) / sums[c];
        else if (skipEmpty || target[c] === 0) {
          factor[c] = 1;
          if (iteration === 1 && target[c] > 0) scratch.emptyCategories++;
        } else {
          throw new AnalysisError(
            "TARGET_WITHOUT_RESPONDENTS",
            `Margin "${margins.variables[v]}" category "${margins.categories[v][c]}" has no weight to rake`,
          );
        }
        const change = Math.abs(factor[c] - 1);
        if (change > maxChange) maxChange = change;
      }
      for (let i = 0; i < n; i++) {
        const c = code[i];
        if (c >= 0) weights[i] *= factor[c];
      }
    }
    scratch.maxChange = maxChange;
    if (maxChange < tolerance) return iteration;
  }
  return maxIterations;
}

export function ipf(margins: CompiledMargins, weights: Float64Array, options: IpfOptions = {}): IpfResult {
  const tolerance = options.tolerance ?? 1e-10;
  const scratch = createIpfScratch(margins);
  const iterations = ipfCore(
    margins,
    weights,
    tolerance,
    options.maxIterations ?? 1000,
    options.skipEmpty ?? false,
    scratch,
  );
  return { converged: scratch.maxChange < tolerance, iterations, emptyCategories: scratch.emptyCategories };
}
