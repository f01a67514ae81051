import type { Db } from "../db/client.js";
import { countAccessCodes } from "../responses/access-codes.repository.js";
import { countResponses, hasSyntheticResponses } from "../responses/repository.js";
import { surveyState, type SurveyState } from "../surveys/lifecycle.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { allSettings } from "./settings.repository.js";

export interface SurveyOverview {
  definition: LoadedSurvey["definition"];
  /** The administrator's status and dates win over the file's status. */
  state: SurveyState;
  responses: number;
  synthetic: boolean;
  /** Access codes made and used, for surveys that require one. */
  codes: { total: number; used: number } | null;
}

/** Every published survey with its state and its counts, for the administration home. */
export function surveysOverview(db: Db, registry: SurveyRegistry, now: Date): SurveyOverview[] {
  const settings = allSettings(db);
  return registry.all().map((s) => ({
    definition: s.definition,
    state: surveyState(s.definition, settings.get(s.definition.id), now),
    responses: countResponses(db, s.definition.id),
    synthetic: hasSyntheticResponses(db, s.definition.id),
    codes: s.definition.access === "code" ? countAccessCodes(db, s.definition.id) : null,
  }));
}
