import { Router, type Response } from "express";
import type { Db } from "../db/client.js";
import { findDraftByResumeCode, isExpired } from "../responses/drafts.repository.js";
import { findSettings } from "../admin/settings.repository.js";
import { loadEnte } from "../ente/load.js";
import { readinessProblems } from "../ente/readiness.js";
import { surveyState } from "../surveys/lifecycle.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { asLang, type Lang } from "../surveys/messages.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { HttpError, notFound } from "./errors.js";
import { ui } from "./i18n.js";
import { withLang } from "./locals.js";
import { createPageCache } from "./page-cache.js";
import { startDraft } from "./start-draft.js";

/** The first page of a survey (privacy notice, start, resume) and the two ways in. */
export function respondentRouter(db: Db, registry: SurveyRegistry, now: () => Date): Router {
  const router = Router();

  // The first page is the same for every citizen of a survey version, language and settings: drawn
  // once and kept (the opening check above still runs at every request, so a closed survey says so).
  const firstPages = createPageCache();
  router.get("/s/:surveyId", (req, res, next) => {
    const survey = openSurvey(db, registry, req.params.surveyId, now());
    const query = Object.keys(req.query);
    // Only the plain address and ?lang=: other parameters would show up in the language link.
    if (query.length > 1 || (query.length === 1 && !(query[0] === "lang" && (req.query.lang === "it" || req.query.lang === "en")))) return renderIntro(res, survey, 200, {});
    const key = JSON.stringify([req.path, survey.definition.id, survey.definition.version, survey.hash, res.locals.lang, findSettings(db, survey.definition.id) ?? null]);
    const cached = firstPages.get(key);
    if (cached !== undefined) {
      res.type("html").send(cached);
      return;
    }
    res.render("survey/intro", introLocals(survey, {}), (error: Error | null, html: string) => {
      if (error) return next(error);
      firstPages.set(key, html);
      res.type("html").send(html);
    });
  });

  router.post("/s/:surveyId/start", (req, res) => {
    const survey = openSurvey(db, registry, req.params.surveyId, now());
    // The administrator's draft days, when set, win over the definition's.
    const days = findSettings(db, survey.definition.id)?.draftDays ?? survey.definition.draftDays;
    const started = startDraft(db, survey, req.body, "web", days, now());
    if (!started.ok) return renderIntro(res, survey, 422, { codeError: started.codeError, code: started.code });
    res.redirect(303, started.location);
  });

  router.post("/s/:surveyId/resume", (req, res) => {
    const survey = openSurvey(db, registry, req.params.surveyId, now());
    const lang = asLang(req.body?.lang);
    const code = typeof req.body?.resumeCode === "string" ? req.body.resumeCode : "";
    const draft = findDraftByResumeCode(db, survey.definition.id, code);
    if (!draft || draft.submitted || isExpired(draft, now())) {
      return renderIntro(res, survey, 422, { resumeError: ui(lang, "resumeNotFound"), resumeCode: code });
    }
    // Back to the page where they stopped, not to the summary (which would flag questions not seen yet).
    res.redirect(303, withLang(`/r/${draft.token}/continua`, lang));
  });

  return router;
}

/** The current version of a survey that respondents can answer now; a polite page otherwise. */
export function openSurvey(db: Db, registry: SurveyRegistry, id: string, now: Date): LoadedSurvey {
  const survey = registry.current(id);
  const state = survey ? surveyState(survey.definition, findSettings(db, id), now) : "draft";
  if (!survey || state === "draft") throw notFound();
  // A privacy notice with a placeholder or without the comune's contacts is not shown to the public (src/ente/readiness.ts).
  if (state === "scheduled" || readinessProblems(loadEnte(db), survey.definition).length) throw new HttpError(403, "notYetOpenTitle", "notYetOpenText");
  if (state === "closed") throw new HttpError(410, "closedTitle", "closedText");
  return survey;
}

function introLocals(survey: LoadedSurvey, extra: Record<string, unknown>): Record<string, unknown> {
  return { survey: survey.definition, codeError: null, resumeError: null, code: "", resumeCode: "", ...extra };
}

function renderIntro(res: Response, survey: LoadedSurvey, status: number, extra: Record<string, unknown>): void {
  res.status(status).render("survey/intro", introLocals(survey, extra));
}

export type { Lang };
