import type { LoadedSurvey } from "../surveys/loader.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import type { ReportJob } from "./job.js";
import { staffSurveyFor } from "./margins-source.js";
import { questionsByRole } from "./records.js";
import type { ReportFilters, ReportSettings } from "./types.js";

export { marginsFrom, staffSurveyFor, weightingChoices } from "./margins-source.js";

export class ReportUnavailable extends Error {}

/** The published versions before the current one: their responses are read with their own definition. */
export function olderVersions(registry: SurveyRegistry, survey: LoadedSurvey): LoadedSurvey[] {
  const versions: LoadedSurvey[] = [];
  for (let v = 1; v < survey.definition.version; v++) {
    const older = registry.version(survey.definition.id, v);
    if (older) versions.push(older);
  }
  return versions;
}

/** What a report of this survey is built from, or ReportUnavailable if the survey has no report. */
export function reportJobFor(
  registry: SurveyRegistry,
  surveyId: string,
  options: {
    marginsFile: string;
    filters?: ReportFilters;
    settings?: Partial<ReportSettings>;
    now?: Date;
    threads?: number;
  },
): ReportJob {
  const survey = registry.current(surveyId);
  if (!survey || !questionsByRole(survey).has("services_used"))
    throw new ReportUnavailable(`Il questionario «${surveyId}» non ha un rapporto.`);
  return {
    survey,
    olderVersions: olderVersions(registry, survey),
    staffSurvey: staffSurveyFor(registry, survey),
    marginsFile: options.marginsFile,
    filters: options.filters ?? { groups: {} },
    settings: options.settings,
    generatedAt: (options.now ?? new Date()).toISOString(),
    threads: options.threads,
  };
}
