import { Router, type Response } from "express";
import type { Ente } from "../../ente/schema.js";
import type { Storage } from "../../storage/types.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { startDraft } from "./start-draft.service.js";
import { openSurvey } from "./open-survey.service.js";
import { formOf } from "../common/form.js";

/** Drafts of a town-hall kiosk live two hours: long enough for one person, not for the next to find. */
export const KIOSK_DRAFT_DAYS = 2 / 24;
/** A kiosk questionnaire untouched this long is over: the next person at the tablet can't reopen it. */
export const KIOSK_IDLE_MINUTES = 20;

/**
 * A survey on a town-hall tablet: public, no login. Answers go through the ordinary draft
 * pages with channel `kiosk`, which hide "save and continue later"; the thank-you page goes
 * back to the start by itself. No cookie is set and pages are not cached, so nothing of one
 * respondent stays in the browser for the next; kiosk drafts expire after two hours.
 */
export function kioskRouter(storage: Storage, registry: SurveyRegistry, now: () => Date): Router {
  const router = Router();

  router.get("/kiosk/:surveyId", async (req, res) => {
    const { survey } = await openSurvey(storage, registry, req.params.surveyId, now(), res.locals.ente as Ente);
    renderKioskIntro(res, survey, 200, {});
  });

  router.post("/kiosk/:surveyId/start", async (req, res) => {
    const { survey } = await openSurvey(storage, registry, req.params.surveyId, now(), res.locals.ente as Ente);
    const started = await startDraft(storage, survey, formOf(req), "kiosk", KIOSK_DRAFT_DAYS, now());
    if (!started.ok) return renderKioskIntro(res, survey, 422, { codeError: started.codeError, code: started.code });
    res.redirect(303, started.location);
  });

  return router;
}

function renderKioskIntro(res: Response, survey: LoadedSurvey, status: number, extra: Record<string, unknown>): void {
  res.set("Cache-Control", "no-store");
  res.status(status).render("survey/intro", {
    survey: survey.definition,
    codeError: null,
    resumeError: null,
    code: "",
    resumeCode: "",
    kiosk: true,
    ...extra,
  });
}
