import { areaVariableOf } from "./dimensions.js";
import { boundsOf, explainDiagnosis } from "./weighting.js";
import {
  AnalysisError,
  completesNeeded,
  MIN_CELL,
  rake,
  suppressCells,
  type CitizenRecord,
} from "../analysis/index.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { Answers } from "../surveys/options.js";
import type { MarginsFile } from "./margins.js";
import { citizenRecord, questionsByRole } from "./records.js";

/** The margins of error (percentage points, 95 % confidence) the fieldwork panel plans for. */
export const MARGINS_OF_ERROR = [5, 4, 3] as const;

export type MarginOfError = (typeof MARGINS_OF_ERROR)[number];

export interface GroupStatus {
  variable: string;
  category: string;
  populationShare: number;
  /** Respondents in the group; null when hidden (fewer than 5, or to protect a hidden one). */
  count: number | null;
  /** True when the group has fewer than 5 respondents ("meno di 5"). */
  fewerThan5: boolean;
  sampleShare: number | null;
  /** Completes the group should have for the chosen target: target size × population share. */
  target: number;
  /** Completes still missing; when the count is hidden, a bound ("at least" / "at most"). */
  missing: number;
  missingBound: "exact" | "atLeast" | "atMost";
  short: boolean;
}

/** The citizen answers as analysis records for the margins' variables (the same mapping as the report). */
export function fieldworkRecords(survey: LoadedSurvey, answers: Answers[], margins: MarginsFile): CitizenRecord[] {
  const byRole = questionsByRole(survey);
  const categories = new Map(Object.entries(margins.targets).map(([v, cats]) => [v, new Set(Object.keys(cats))]));
  const area = areaVariableOf(survey);
  return answers.map((a) => citizenRecord(byRole, a, categories, area));
}

/**
 * The sample against the census while the survey is open: the design effect the raking would
 * have today, the sizes to aim for, and for every census group how many completes it still lacks.
 * Pure, and cheap (one raking, no bootstrap), so the panel can be computed at every page view.
 */
export function sampleStatus(
  records: CitizenRecord[],
  margins: MarginsFile,
  options: { margin?: MarginOfError; trim?: number } = {},
) {
  const margin = options.margin ?? 5;
  let deff: number | null = null;
  let deffProblem: string | null = null;
  if (records.length === 0) deffProblem = "Nessuna risposta ancora.";
  else {
    try {
      const raked = rake(
        records.map((r) => r.categories),
        margins.targets,
        { bounds: boundsOf(options.trim ?? 0) },
      );
      if (raked.problem)
        deffProblem = `Il campione non si può ancora ponderare ai margini. ${explainDiagnosis(raked.problem)}`;
      else deff = raked.deff;
    } catch (error) {
      if (!(error instanceof AnalysisError)) throw error;
      deffProblem = `Il campione non si può ancora ponderare ai margini (${error.message}).`;
    }
  }
  // Before the sample can be raked, plan with no design effect and say so.
  const factor = deff ?? 1;
  // Every margin adds up to the same total (the margins file is refused otherwise): the population.
  const population = Object.values(Object.values(margins.targets)[0] ?? {}).reduce((sum, x) => sum + x, 0);
  const targets = MARGINS_OF_ERROR.map((m) => {
    const base = completesNeeded(population, m);
    return { margin: m, base, needed: Math.ceil(base * factor) };
  });
  const targetSize = targets.find((t) => t.margin === margin)!.needed;

  const shown = sampleAgainstMargins(
    records,
    records.map(() => 1),
    margins,
  );
  const groups: GroupStatus[] = shown.map((g) => {
    const raw = records.filter((r) => r.categories[g.variable] === g.category).length;
    const target = Math.ceil(targetSize * g.populationShare);
    const fewerThan5 = raw < MIN_CELL;
    // A hidden count must not be recoverable from "target − missing": give a bound instead.
    const missing =
      g.sampleCount !== null
        ? Math.max(0, target - g.sampleCount)
        : Math.max(0, target - (fewerThan5 ? MIN_CELL - 1 : MIN_CELL));
    const missingBound = g.sampleCount !== null ? "exact" : fewerThan5 ? "atLeast" : "atMost";
    return {
      variable: g.variable,
      category: g.category,
      populationShare: g.populationShare,
      count: g.sampleCount,
      fewerThan5,
      sampleShare: g.sampleShare,
      target,
      missing,
      missingBound,
      short: raw < target,
    };
  });
  return {
    population,
    responses: records.length,
    deff,
    deffProblem,
    margin,
    targetSize,
    targets,
    reached: records.length >= targetSize,
    groups,
    shortGroups: groups.filter((g) => g.short).length,
  };
}

export type SampleStatus = ReturnType<typeof sampleStatus>;

/** The sample against the census for the fieldwork panel (staff only, exact counts, groups under 5 hidden with a complement). */
function sampleAgainstMargins(records: CitizenRecord[], weights: readonly number[], margins: MarginsFile) {
  return Object.entries(margins.targets).flatMap(([variable, cats]) => {
    const population = Object.values(cats).reduce((s, x) => s + x, 0);
    const covered = records.filter((r) => r.categories[variable] !== undefined).length;
    // Shares among those the margin covers (sex "preferisco non dire" has no census category).
    const totalWeight = records.reduce((s, r, j) => s + (r.categories[variable] !== undefined ? weights[j] : 0), 0);
    const counts = Object.keys(cats).map((c) => records.filter((r) => r.categories[variable] === c).length);
    const shown = suppressCells(counts, [counts.map((_, i) => i)], MIN_CELL);
    return Object.entries(cats).map(([category, target], i) => {
      const w = records.reduce((s, r, j) => s + (r.categories[variable] === category ? weights[j] : 0), 0);
      const hidden = shown[i].suppressed;
      return {
        variable,
        category,
        population: target,
        populationShare: target / population,
        sampleCount: hidden ? null : counts[i],
        sampleShare: hidden || covered === 0 ? null : counts[i] / covered,
        weightedShare: hidden || totalWeight === 0 ? null : w / totalWeight,
        short: !hidden && covered > 0 && counts[i] / covered < 0.8 * (target / population),
      };
    });
  });
}
