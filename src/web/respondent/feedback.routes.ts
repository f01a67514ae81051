import { Router } from "express";
import type { Storage } from "../../storage/types.js";
import { asLang } from "../../surveys/messages.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { notFound } from "../common/errors.js";
import { findDraft, recordFeedbackOnce } from "./drafts.service.js";
import { ui } from "../common/i18n.js";
import { setLang } from "../common/locals.js";
import { formOf, textOf } from "../common/form.js";

/** AGID's fixed follow-up answers (criterion C.SE.1.7); the values are what the validator expects in order. */
export const NEGATIVE_ASPECTS = [
  {
    value: "non_chiare",
    it: "A volte le indicazioni non erano chiare",
    en: "Sometimes the instructions were not clear",
  },
  {
    value: "non_complete",
    it: "A volte le indicazioni non erano complete",
    en: "Sometimes the instructions were not complete",
  },
  {
    value: "non_capivo",
    it: "A volte non capivo se stavo procedendo correttamente",
    en: "Sometimes I did not know if I was doing it right",
  },
  { value: "problemi_tecnici", it: "Ho avuto problemi tecnici", en: "I had technical problems" },
  { value: "altro", it: "Altro", en: "Other" },
];
export const POSITIVE_ASPECTS = [
  { value: "chiare", it: "Le indicazioni erano chiare", en: "The instructions were clear" },
  { value: "complete", it: "Le indicazioni erano complete", en: "The instructions were complete" },
  { value: "capivo", it: "Capivo sempre che stavo procedendo correttamente", en: "I always knew I was doing it right" },
  { value: "nessun_problema", it: "Non ho avuto problemi tecnici", en: "I had no technical problems" },
  { value: "altro", it: "Altro", en: "Other" },
];

/**
 * The end-of-service rating. Without JavaScript it is two small steps: the stars, then the
 * follow-up question that depends on them. It is stored apart from the answers.
 */
export function feedbackRouter(storage: Storage, registry: SurveyRegistry): Router {
  const router = Router();
  router.post("/r/:token/valutazione", async (req, res) => {
    const draft = await findDraft(storage, req.params.token);
    const survey = draft?.submitted ? registry.version(draft.surveyId, draft.surveyVersion) : undefined;
    if (!draft || !survey) throw notFound();
    const lang = asLang(formOf(req).lang ?? draft.lang);
    setLang(res.locals, lang, req.originalUrl, req.app.locals.comuneName as string);
    const view = {
      survey: survey.definition,
      base: `/r/${draft.token}`,
      error: null as string | null,
      rating: null as number | null,
      step: 1,
      kiosk: draft.channel === "kiosk",
    };
    if (view.kiosk) res.set("Cache-Control", "no-store");
    const rating = Number(formOf(req).rating);
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
      return res.status(422).render("survey/thanks", { ...view, error: ui(lang, "feedbackChooseStars") });
    }
    if (formOf(req).step !== "2") return res.render("survey/thanks", { ...view, rating, step: 2 });
    const allowed = (rating <= 3 ? NEGATIVE_ASPECTS : POSITIVE_ASPECTS).map((a) => a.value);
    const raw = formOf(req).aspects;
    const aspects = (Array.isArray(raw) ? raw : raw ? [raw] : []).filter(
      (a): a is string => typeof a === "string" && allowed.includes(a),
    );
    const comment = textOf(req, "comment")
      .replace(/[\u0000-\u001F\u007F]/g, " ")
      .trim()
      .slice(0, 200);
    const stored = await recordFeedbackOnce(storage, draft.token, {
      surveyId: survey.definition.id,
      rating,
      aspects: [...new Set(aspects)],
      comment,
    });
    // One rating per questionnaire: a repeated post is thanked again and stores nothing.
    res.status(stored ? 200 : 409).render("survey/thanks", { ...view, rating, step: 3 });
  });
  return router;
}
