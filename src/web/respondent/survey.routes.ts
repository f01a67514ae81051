import { Router, type Response } from "express";
import type { Ente } from "../../ente/schema.js";
import type { Storage } from "../../storage/types.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import { asLang, type Lang } from "../../surveys/messages.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { ui } from "../common/i18n.js";
import { withLang } from "../common/locals.js";
import { findDraftByResumeCode, isExpired } from "./drafts.service.js";
import { openSurvey } from "./open-survey.service.js";
import { createPageCache, keptPage, sendKeptPage } from "./page-cache.js";
import { startDraft } from "./start-draft.service.js";
import { formOf, textOf } from "../common/form.js";

/** The first page of a survey (privacy notice, start, resume) and the two ways in. */
export function respondentRouter(storage: Storage, registry: SurveyRegistry, now: () => Date): Router {
  const router = Router();

  // The first page is the same for every citizen of a survey version, language and settings: drawn
  // once and kept (the opening check above still runs at every request, so a closed survey says so).
  const firstPages = createPageCache();
  router.get("/s/:surveyId", async (req, res, next) => {
    const ente = res.locals.ente as Ente;
    const { survey, settings } = await openSurvey(storage, registry, req.params.surveyId, now(), ente);
    const query = Object.keys(req.query);
    // Only the plain address and ?lang=: other parameters would show up in the language link.
    if (
      query.length > 1 ||
      (query.length === 1 && !(query[0] === "lang" && (req.query.lang === "it" || req.query.lang === "en")))
    )
      return renderIntro(res, survey, 200, {});
    // The comune's details are in the header and footer: a saved «Ente» page is a new key (loadEnte gives a new object).
    const key = JSON.stringify([
      req.path,
      survey.definition.id,
      survey.definition.version,
      survey.hash,
      res.locals.lang,
      settings ?? null,
      stamp(ente),
    ]);
    const cached = firstPages.get(key);
    if (cached !== undefined) return sendKeptPage(res, cached);
    res.render("survey/intro", introLocals(survey, {}), (error: Error | null, html: string) => {
      if (error) return next(error);
      const page = keptPage(html, req.app.get("etag fn"));
      firstPages.set(key, page);
      sendKeptPage(res, page);
    });
  });

  router.post("/s/:surveyId/start", async (req, res) => {
    const { survey, settings } = await openSurvey(
      storage,
      registry,
      req.params.surveyId,
      now(),
      res.locals.ente as Ente,
    );
    // The administrator's draft days, when set, win over the definition's.
    const days = settings?.draftDays ?? survey.definition.draftDays;
    const started = await startDraft(storage, survey, formOf(req), "web", days, now());
    if (!started.ok) return renderIntro(res, survey, 422, { codeError: started.codeError, code: started.code });
    res.redirect(303, started.location);
  });

  router.post("/s/:surveyId/resume", async (req, res) => {
    const { survey } = await openSurvey(storage, registry, req.params.surveyId, now(), res.locals.ente as Ente);
    const lang = asLang(formOf(req).lang);
    const code = textOf(req, "resumeCode");
    const draft = await findDraftByResumeCode(storage, survey.definition.id, code);
    if (!draft || draft.submitted || isExpired(draft, now())) {
      return renderIntro(res, survey, 422, { resumeError: ui(lang, "resumeNotFound"), resumeCode: code });
    }
    // Back to the page where they stopped, not to the summary (which would flag questions not seen yet).
    res.redirect(303, withLang(`/r/${draft.token}/continua`, lang));
  });

  return router;
}

const stamps = new WeakMap<object, number>();
let lastStamp = 0;
/** A number for an object, the same as long as it lives. */
function stamp(value: object | undefined): number {
  if (!value) return 0;
  let n = stamps.get(value);
  if (n === undefined) stamps.set(value, (n = ++lastStamp));
  return n;
}

function introLocals(survey: LoadedSurvey, extra: Record<string, unknown>): Record<string, unknown> {
  return { survey: survey.definition, codeError: null, resumeError: null, code: "", resumeCode: "", ...extra };
}

function renderIntro(res: Response, survey: LoadedSurvey, status: number, extra: Record<string, unknown>): void {
  res.status(status).render("survey/intro", introLocals(survey, extra));
}

export type { Lang };
