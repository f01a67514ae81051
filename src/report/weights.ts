import type { Db } from "../db/client.js";
import { listResponses } from "../responses/repository.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { weighSample } from "./sample.js";
import { marginsFor } from "./load.js";
import { questionsByRole } from "./records.js";
import { readReportSettings } from "./settings.repository.js";

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
  const margins = marginsFor(db, survey, marginsFile);
  if (!margins?.ok) return null;
  const { kept, weighting } = weighSample({
    citizenSurvey: survey,
    citizens: listResponses(db, surveyId),
    margins: margins.margins,
    settings: readReportSettings(db, surveyId),
  });
  if (weighting.method !== "raking") return null;
  return new Map(kept.map((r, i) => [r.id, weighting.weights[i]]));
}

/**
 * What the weighting gives today with the margins in use, in the report's words: the same diagnosis
 * the report prints (empty census groups, margins that conflict, bounds not met, too small an effective
 * sample), for the administrator's margins page. Null without usable margins or responses.
 */
export function weightingDiagnosis(db: Db, survey: LoadedSurvey, marginsFile: string) {
  const margins = marginsFor(db, survey, marginsFile);
  if (!margins?.ok) return null;
  const citizens = listResponses(db, survey.definition.id);
  if (citizens.length === 0) return null;
  const { weighting } = weighSample({
    citizenSurvey: survey,
    citizens,
    margins: margins.margins,
    settings: readReportSettings(db, survey.definition.id),
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
