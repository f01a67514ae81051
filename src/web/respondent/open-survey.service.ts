import type { SurveySettings } from "../../admin/survey-settings.js";
import { readinessProblems } from "../../ente/readiness.js";
import type { Ente } from "../../ente/schema.js";
import type { Storage } from "../../storage/types.js";
import { surveyState } from "../../surveys/lifecycle.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import type { SurveyDefinition } from "../../surveys/schema.js";
import { HttpError, notFound } from "../common/errors.js";

export interface OpenedSurvey {
  survey: LoadedSurvey;
  /** The administrator's settings (status, dates, draft days), when there are any. */
  settings: SurveySettings | undefined;
}

/**
 * The current version of a survey that respondents can answer now; a polite page otherwise.
 * `ente` is the comune the request's pages show (res.locals.ente, read once per request).
 */
export async function openSurvey(
  storage: Storage,
  registry: SurveyRegistry,
  id: string,
  now: Date,
  ente: Ente,
): Promise<OpenedSurvey> {
  const survey = registry.current(id);
  if (!survey) throw notFound();
  const settings = await storage.surveys.findSettings(id);
  const state = surveyState(survey.definition, settings, now);
  if (state === "draft") throw notFound();
  // A privacy notice with a placeholder or without the comune's contacts is not shown to the public (src/ente/readiness.ts).
  if (state === "scheduled" || !isReady(ente, survey.definition))
    throw new HttpError(403, "notYetOpenTitle", "notYetOpenText");
  if (state === "closed") throw new HttpError(410, "closedTitle", "closedText");
  return { survey, settings };
}

/** The surveys open now, for the home page. */
export async function openSurveys(storage: Storage, registry: SurveyRegistry, now: Date): Promise<LoadedSurvey[]> {
  const settings = await storage.surveys.allSettings();
  return registry.all().filter((s) => surveyState(s.definition, settings.get(s.definition.id), now) === "open");
}

// Whether the ente and a survey's texts are ready for the public, kept per pair: the ente is the same
// object until it is saved again, and a survey version's definition never changes.
const readiness = new WeakMap<Ente, WeakMap<SurveyDefinition, boolean>>();
function isReady(ente: Ente, survey: SurveyDefinition): boolean {
  let bySurvey = readiness.get(ente);
  if (!bySurvey) readiness.set(ente, (bySurvey = new WeakMap()));
  let ready = bySurvey.get(survey);
  if (ready === undefined) bySurvey.set(survey, (ready = readinessProblems(ente, survey).length === 0));
  return ready;
}
