import type { LoadedSurvey } from "../surveys/loader.js";
import type { ReportInputState } from "./inputs.js";
import { weighSample } from "./sample.js";
import { marginsFrom } from "./margins-source.js";
import type { StoredResponse } from "../responses/records.js";

/** What the weights are computed from: the report's settings, margins and citizens' responses (one snapshot). */
export type WeightingInputs = Pick<ReportInputState, "settings" | "storedMargins"> & { citizens: StoredResponse[] };

/**
 * The report's raking weight of each response it uses, by response id, from its inputs as read on
 * either engine; null when the report is not weighted (no margins, raking not possible). Same
 * settings and margins as the report.
 */
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
