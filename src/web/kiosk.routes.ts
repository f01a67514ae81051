import { Router, type Response } from "express";
import type { Db } from "../db/client.js";
import { isUsableCode } from "../responses/access-codes.repository.js";
import { hashCode } from "../responses/codes.js";
import { createDraft } from "../responses/drafts.repository.js";
import { visiblePages } from "../surveys/flow.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { asLang } from "../surveys/messages.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { ui } from "./i18n.js";
import { withLang } from "./locals.js";
import { openSurvey } from "./survey.routes.js";

/** Drafts of a town-hall kiosk live two hours: long enough for one person, not for the next to find. */
export const KIOSK_DRAFT_DAYS = 2 / 24;

/**
 * A survey on a town-hall tablet: public, no login. Answers go through the ordinary draft
 * pages with channel `kiosk`, which hide "save and continue later"; the thank-you page goes
 * back to the start by itself. No cookie is set and pages are not cached, so nothing of one
 * respondent stays in the browser for the next; kiosk drafts expire after two hours.
 */
export function kioskRouter(db: Db, registry: SurveyRegistry, now: () => Date): Router {
  const router = Router();

  router.get("/kiosk/:surveyId", (req, res) => {
    const survey = openSurvey(db, registry, req.params.surveyId, now());
    renderKioskIntro(res, survey, 200, {});
  });

  // As /s/:surveyId/start (survey.routes.ts), with the kiosk channel and its short drafts.
  router.post("/kiosk/:surveyId/start", (req, res) => {
    const survey = openSurvey(db, registry, req.params.surveyId, now());
    const lang = asLang(req.body?.lang);
    let codeHash: string | null = null;
    if (survey.definition.access === "code") {
      const code = typeof req.body?.code === "string" ? req.body.code : "";
      codeHash = hashCode(code);
      if (!code.trim() || !isUsableCode(db, survey.definition.id, codeHash)) {
        return renderKioskIntro(res, survey, 422, { codeError: ui(lang, "accessCodeInvalid"), code });
      }
    }
    const draft = createDraft(db, {
      surveyId: survey.definition.id,
      surveyVersion: survey.definition.version,
      lang,
      channel: "kiosk",
      codeHash,
      days: KIOSK_DRAFT_DAYS,
    }, now());
    const first = visiblePages(survey, {})[0];
    res.redirect(303, withLang(`/r/${draft.token}/p/${first.id}`, lang));
  });

  return router;
}

function renderKioskIntro(res: Response, survey: LoadedSurvey, status: number, extra: Record<string, unknown>): void {
  res.set("Cache-Control", "no-store");
  res.status(status).render("survey/intro", { survey: survey.definition, codeError: null, resumeError: null, code: "", resumeCode: "", kiosk: true, ...extra });
}
