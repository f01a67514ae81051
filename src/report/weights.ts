import type { Db } from "../db/client.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { readInputDataSqlite, type ReportInputState } from "./inputs.js";
import { weighSample } from "./sample.js";
import { marginsFrom } from "./margins-source.js";
import { questionsByRole } from "./records.js";
import type { StoredResponse } from "../responses/repository.js";

/** What the weights are computed from: the report's settings, margins and citizens' responses (one snapshot). */
export type WeightingInputs = Pick<ReportInputState, "settings" | "storedMargins"> & { citizens: StoredResponse[] };

/**
 * The report's raking weight of each response it uses, by response id; null when the survey has no
 * report or the report is not weighted (no margins, raking not possible). Same settings and margins as the report.
 */
export function reportWeights(
  db: Db,
  registry: SurveyRegistry,
  surveyId: string,
  marginsFile: string,
): Map<string, number> | null {
  const survey = registry.current(surveyId);
  if (!survey || !questionsByRole(survey).has("services_used")) return null;
  return reportWeightsFrom(readInputDataSqlite(db, { surveyId }), survey, marginsFile);
}

/** The same from inputs already read (either engine). */
export function reportWeightsFrom(
  inputs: WeightingInputs,
  survey: LoadedSurvey,
  marginsFile: string,
): Map<string, number> | null {
  const margins = marginsFrom(inputs.storedMargins, survey, marginsFile);
  if (!margins?.ok) return null;
  const { kept, weighting } = weighSample({
    citizenSurvey: survey,
    citizens: inputs.citizens,
    margins: margins.margins,
    settings: inputs.settings,
  });
  if (weighting.method !== "raking") return null;
  return new Map(kept.map((r, i) => [r.id, weighting.weights[i]]));
}

/**
 * What the weighting gives today with the margins in use, in the report's words: the same diagnosis
 * the report prints (empty census groups, margins that conflict, bounds not met, too small an effective
 * sample), for the administrator's margins page. Null without usable margins or responses.
 */
export function weightingDiagnosis(inputs: WeightingInputs, survey: LoadedSurvey, marginsFile: string) {
  const margins = marginsFrom(inputs.storedMargins, survey, marginsFile);
  if (!margins?.ok) return null;
  const { citizens } = inputs;
  if (citizens.length === 0) return null;
  const { weighting } = weighSample({
    citizenSurvey: survey,
    citizens,
    margins: margins.margins,
    settings: inputs.settings,
  });
  return {
    responses: citizens.length,
    weighted: weighting.method === "raking",
    problem: weighting.problem,
    withheld: weighting.withheld,
    deff: weighting.deff,
    effectiveN: weighting.effectiveN,
    maxWeightRatio: weighting.maxWeightRatio,
    bounds: weighting.bounds,
    boundsMet: weighting.boundsMet,
  };
}
