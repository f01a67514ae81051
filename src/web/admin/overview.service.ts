import type { Storage } from "../../storage/types.js";
import { surveyState, type SurveyState } from "../../surveys/lifecycle.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";

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
export async function surveysOverview(
  storage: Storage,
  registry: SurveyRegistry,
  now: Date,
): Promise<SurveyOverview[]> {
  const settings = await storage.surveys.allSettings();
  return Promise.all(
    registry.all().map(async (s) => {
      const id = s.definition.id;
      const codes = s.definition.access === "code" ? await storage.accessCodes.countStates(id) : null;
      return {
        definition: s.definition,
        state: surveyState(s.definition, settings.get(id), now),
        responses: await storage.responses.count(id),
        synthetic: await storage.responses.hasSynthetic(id),
        codes: codes && { total: codes.total, used: codes.used },
      };
    }),
  );
}
