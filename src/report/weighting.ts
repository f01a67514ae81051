import {
  AnalysisError,
  DEFAULT_WEIGHT_BOUND,
  kish,
  MIN_EFFECTIVE_N,
  rake,
  type MarginConflict,
  type WeightBounds,
  type WeightingDesign,
} from "../analysis/index.js";
import type { MarginsFile } from "./margins.js";
import { formatNumber } from "../format/italian.js";

/** The weighting as the report states it, with the reason when no ranking can rest on it. */
export interface ReportWeighting {
  method: "raking" | "none";
  weights: number[];
  converged: boolean;
  iterations: number;
  deff: number;
  effectiveN: number;
  /** Bounds on the weight ratio asked for (null: none), and whether the weights meet them. */
  bounds: WeightBounds | null;
  boundsMet: boolean;
  /** Largest and smallest weight over the mean weight. */
  maxWeightRatio: number;
  minWeightRatio: number;
  /** Respondents split across census categories because one of theirs was unknown or not a census one. */
  fractionalUnits: number;
  /** The floor on the effective sample size below which no ranking is published. */
  minEffectiveN: number;
  /** What the reader must know about the weights (Italian), or null. */
  problem: string | null;
  /** Why no ranking is published (Italian, with what to fix), or null when it is. */
  withheld: string | null;
  diagnosis: { emptyGroups: { variable: string; category: string }[]; conflicts: MarginConflict[] } | null;
  /** The calibrated design, for design-based intervals; null when unweighted. */
  design: WeightingDesign | null;
}

/** Bounds on the weight ratio from the settings' limit k: [1/k, k]; 0 means none. */
export function boundsOf(limit: number): WeightBounds | null {
  return limit > 0 ? { lower: 1 / limit, upper: limit } : null;
}

const it = (x: number, digits = 1): string => formatNumber(x, digits);

function label(variable: string, category: string): string {
  return `«${category.replace(/\*/g, " × ")}» (${variable.replace(/\*/g, " × ")})`;
}

/** The diagnosis in the words of the report and of the margins page: what is wrong and what to do. */
export function explainDiagnosis(d: NonNullable<ReportWeighting["diagnosis"]>): string {
  if (d.emptyGroups.length > 0) {
    const groups = d.emptyGroups
      .slice(0, 8)
      .map((g) => label(g.variable, g.category))
      .join(", ");
    const more = d.emptyGroups.length > 8 ? ` e altri ${d.emptyGroups.length - 8}` : "";
    return (
      `Nessun rispondente appartiene a questi gruppi del censimento: ${groups}${more}. ` +
      "Raccogliere risposte in questi gruppi, oppure unire ciascun gruppo vuoto a uno vicino nel file dei margini (ad esempio due fasce d'età)."
    );
  }
  const conflicts = d.conflicts
    .map((c) => `${label(c.variable, c.category)}: censimento ${it(c.target, 0)}, raggiunto ${it(c.achieved, 0)}`)
    .join("; ");
  const variables = [...new Set(d.conflicts.map((c) => `«${c.variable.replace(/\*/g, " × ")}»`))];
  const named =
    variables.length > 1 ? `${variables.slice(0, -1).join(", ")} e ${variables[variables.length - 1]}` : variables[0];
  return (
    `I margini ${named} non si possono rispettare insieme con questo campione (${conflicts}). ` +
    "Di solito un gruppo è rappresentato solo da persone che, per un altro margine, appartengono a gruppi troppo piccoli: " +
    "verificare i totali nel file dei margini e, se sono corretti, unire le categorie coinvolte o raccogliere altre risposte."
  );
}

/**
 * Weighting for the report: raking to the census margins with bounds on the weight ratio. When it can't
 * be done, or the effective sample is below the floor, the estimates are shown unweighted (or with the
 * weights obtained) and the ranking is withheld, with the reason and what to fix.
 */
export function weighForReport(
  categories: ReadonlyArray<Readonly<Record<string, string>>>,
  margins: MarginsFile | undefined,
  limit: number,
  marginsProblem?: string,
): ReportWeighting {
  const bounds = boundsOf(limit);
  const base = {
    bounds,
    boundsMet: true,
    maxWeightRatio: 1,
    minWeightRatio: 1,
    fractionalUnits: 0,
    minEffectiveN: MIN_EFFECTIVE_N,
    diagnosis: null,
    design: null,
    converged: true,
    iterations: 0,
  };
  const unweighted = (
    problem: string | null,
    withheld: string | null,
    diagnosis: ReportWeighting["diagnosis"] = null,
  ): ReportWeighting => ({
    ...base,
    method: "none",
    weights: categories.map(() => 1),
    problem,
    withheld,
    diagnosis,
    ...kish(categories.map(() => 1)),
  });
  const floor = (effectiveN: number): string | null =>
    effectiveN < MIN_EFFECTIVE_N
      ? `Il campione effettivo è di ${it(effectiveN)} persone, sotto la soglia di ${MIN_EFFECTIVE_N} sotto la quale la graduatoria non è attendibile: raccogliere altre risposte.`
      : null;
  if (!margins) {
    const problem = marginsProblem ?? "Nessun file di margini: le stime non sono ponderate.";
    return unweighted(problem, categories.length === 0 ? null : floor(categories.length));
  }
  if (categories.length === 0) return unweighted(null, null);
  try {
    const raked = rake(categories, margins.targets, { bounds });
    const diagnosis = raked.problem
      ? { emptyGroups: raked.problem.emptyGroups, conflicts: raked.problem.conflicts }
      : null;
    if (raked.problem) {
      const why = explainDiagnosis(diagnosis!);
      return {
        ...unweighted(
          `Le stime non sono ponderate: la ponderazione ai margini non è riuscita. ${why}`,
          `La graduatoria non è pubblicata perché la ponderazione non è riuscita. ${why}`,
          diagnosis,
        ),
        converged: raked.converged,
        iterations: raked.iterations,
      };
    }
    const unmet =
      bounds && !raked.boundsMet
        ? `I pesi non possono restare tra ${it(bounds.lower, 2)} e ${it(bounds.upper, 1)} volte il peso medio rispettando i margini: sono stati calcolati senza limiti e il peso più grande è ${it(raked.maxWeightRatio)} volte il peso medio.`
        : null;
    return {
      method: "raking",
      weights: raked.weights,
      converged: raked.converged,
      iterations: raked.iterations,
      deff: raked.deff,
      effectiveN: raked.effectiveN,
      bounds,
      boundsMet: raked.boundsMet,
      maxWeightRatio: raked.maxWeightRatio,
      minWeightRatio: raked.minWeightRatio,
      fractionalUnits: raked.fractionalUnits,
      minEffectiveN: MIN_EFFECTIVE_N,
      problem: unmet,
      withheld: floor(raked.effectiveN),
      diagnosis: null,
      design: raked.design,
    };
  } catch (error) {
    if (!(error instanceof AnalysisError)) throw error;
    const why = WHY_NOT_RAKED[error.code] ?? "il campione non si può ponderare ai margini";
    return unweighted(`Le stime non sono ponderate: ${why}.`, `La graduatoria non è pubblicata: ${why}.`);
  }
}

/** Why raking failed, in the words of the report (the analysis module speaks English to developers). */
const WHY_NOT_RAKED: Partial<Record<AnalysisError["code"], string>> = {
  MARGIN_TOTALS_DISAGREE: "i margini di censimento non hanno tutti lo stesso totale",
  MISSING_CATEGORY: "alcune risposte non si possono collocare in nessuna combinazione delle categorie dei margini",
};

export { DEFAULT_WEIGHT_BOUND };
