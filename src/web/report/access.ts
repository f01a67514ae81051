import type { RequestHandler } from "express";
import type { User } from "../../admin/sessions.js";
import type { Storage } from "../../storage/types.js";
import { surveyState } from "../../surveys/lifecycle.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { notFound } from "../common/errors.js";

/**
 * The giunta reads the reports of surveys that have been run (scheduled, open or closed), never of
 * one still in draft: its figures are test answers, and a draft may not be meant to exist yet.
 * Administrators and analysts may (they check the survey before opening it). Mounted on /reports.
 */
export function hideDraftReportsFromGiunta(
  storage: Storage,
  registry: SurveyRegistry,
  now: () => Date,
): RequestHandler {
  return async (req, res, next) => {
    const user = res.locals.user as User | null;
    if (user?.role !== "giunta") return next();
    const id = /^\/([^/]+?)(?:\.json)?(?:\/|$)/.exec(req.path)?.[1];
    const survey = id ? registry.current(decodeURIComponentSafe(id)) : undefined;
    if (!survey) return next();
    const settings = await storage.surveys.findSettings(survey.definition.id);
    if (surveyState(survey.definition, settings, now()) === "draft") return next(notFound());
    next();
  };
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
