import { Router, type Request, type Response } from "express";
import type { Ente } from "../../ente/schema.js";
import type { Storage } from "../../storage/types.js";
import { dropPage, parsePage, type FieldError, type FormBody } from "../../surveys/answers.js";
import { askedQuestions, pruneAnswers, visiblePages } from "../../surveys/flow.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import { asLang, type Lang } from "../../surveys/messages.js";
import type { Page } from "../../surveys/schema.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { resumePage } from "../../surveys/resume.js";
import { answersToBody, validateAnswers } from "../../surveys/validate.js";
import { HttpError, notFound } from "../common/errors.js";
import { ui } from "../common/i18n.js";
import { setLang, withLang } from "../common/locals.js";
import { openSurvey } from "./open-survey.service.js";
import { displayAnswer, neighbours, pageQuestions, steps } from "./page-view.js";
import {
  deleteOpenDraft,
  findDraftOrPending,
  isExpired,
  saveDraft,
  storePendingDraft,
  submitDraftDurably,
  type Draft,
} from "./drafts.service.js";
import { KIOSK_IDLE_MINUTES } from "./kiosk.routes.js";
import { publicOrigin } from "../common/public-url.js";
import { formOf } from "../common/form.js";

type Loaded = { draft: Draft; survey: LoadedSurvey; lang: Lang };

/** A questionnaire in progress: its pages, the summary, sending, and the saved-draft page. */
export function draftRouter(storage: Storage, registry: SurveyRegistry, now: () => Date): Router {
  const router = Router();
  const base = (d: Draft): string => `/r/${d.token}`;

  /** Finds the draft of the URL; a sent one only leads to the thank-you page. */
  async function load(req: Request, res: Response, allowSubmitted = false): Promise<Loaded | null> {
    const token = String(req.params.token);
    const draft = await findDraftOrPending(storage, token);
    const survey = draft && registry.version(draft.surveyId, draft.surveyVersion);
    if (!draft || !survey) throw notFound();
    // A kiosk tablet serves one person after another: its pages must not stay in the browser's cache.
    if (draft.channel === "kiosk") res.set("Cache-Control", "no-store");
    const lang = asLang(req.query.lang ?? formOf(req).lang ?? draft.lang);
    setLang(res.locals, lang, req.originalUrl, req.app.locals.comuneName as string);
    if (draft.submitted && !allowSubmitted) {
      res.redirect(303, withLang(`${base(draft)}/grazie`, lang));
      return null;
    }
    if (!draft.submitted && isExpired(draft, now())) throw new HttpError(410, "notFoundTitle", "draftExpired");
    // A kiosk questionnaire left alone on the tablet is over: the next person can't reopen it from the history.
    if (
      !draft.submitted &&
      draft.channel === "kiosk" &&
      now().getTime() - Date.parse(draft.updatedAt) > KIOSK_IDLE_MINUTES * 60_000
    ) {
      throw new HttpError(410, "notFoundTitle", "kioskDraftIdle");
    }
    // A survey closed while someone was answering accepts no more answers.
    if (!draft.submitted) await openSurvey(storage, registry, draft.surveyId, now(), res.locals.ente as Ente);
    // A pending link whose draft is stored now (the first answers were posted): go to the stored one.
    if (draft.token !== token && req.method === "GET") {
      res.redirect(303, req.originalUrl.replace(`/r/${token}`, base(draft)));
      return null;
    }
    return { draft, survey, lang };
  }

  function renderPage(
    res: Response,
    ctx: Loaded,
    page: Page,
    values: FormBody,
    errors: FieldError[],
    status = 200,
    returnTo = "",
  ): void {
    const { draft, survey, lang } = ctx;
    const context = errors.length
      ? { ...dropPage(draft.answers, page), ...pageAnswers(ctx, page, values) }
      : draft.answers;
    res.status(status).render("survey/page", {
      survey: survey.definition,
      page,
      questions: pageQuestions(survey, page, { ...context, ...versionsSent(values) }, errors, draft.token, lang),
      values,
      errors,
      steps: steps(survey, draft.answers, page.id, lang),
      prior: JSON.stringify(dropPage(draft.answers, page)),
      action: `${base(draft)}/p/${page.id}`,
      base: base(draft),
      returnTo,
      isFirst: !neighbours(survey, draft.answers, page.id).prev,
      kiosk: draft.channel === "kiosk",
    });
  }

  /** The design versions a page with errors sent back, so the respondent sees the same sets again. */
  function versionsSent(values: FormBody): Record<string, string> {
    return Object.fromEntries(
      Object.entries(values).filter(
        (e): e is [string, string] => e[0].endsWith("/version") && typeof e[1] === "string",
      ),
    );
  }

  function pageAnswers(ctx: Loaded, page: Page, values: FormBody) {
    return parsePage(ctx.survey, page, values, ctx.draft.answers, ctx.lang).answers;
  }

  function findPage(ctx: Loaded, pageId: string): Page | undefined {
    return visiblePages(ctx.survey, ctx.draft.answers).find((p) => p.id === pageId);
  }

  router.get("/r/:token/p/:pageId", async (req, res) => {
    const ctx = await load(req, res);
    if (!ctx) return;
    const page = findPage(ctx, req.params.pageId);
    if (!page) return res.redirect(303, withLang(`${base(ctx.draft)}/continua`, ctx.lang));
    // ?check=1 comes from the summary or from sending: show what is still missing on this page.
    const values = answersToBody(page.questions, ctx.draft.answers);
    const errors = req.query.check ? parsePage(ctx.survey, page, values, ctx.draft.answers, ctx.lang).errors : [];
    renderPage(res, ctx, page, values, errors, 200, req.query.ritorno === "riepilogo" ? "riepilogo" : "");
  });

  router.post("/r/:token/p/:pageId", async (req, res) => {
    const ctx = await load(req, res);
    if (!ctx) return;
    const page = findPage(ctx, req.params.pageId);
    if (!page) return res.redirect(303, withLang(`${base(ctx.draft)}/continua`, ctx.lang));
    const body = formOf(req) as FormBody;
    // On a kiosk the person can give up (or the page does it after a few idle minutes): the draft is
    // deleted at once, so the next person at the tablet can't reopen it from the history.
    if (body.action === "abandon" && ctx.draft.channel === "kiosk") {
      if (!ctx.draft.pending) await deleteOpenDraft(storage, ctx.draft.token);
      return res.redirect(303, withLang(`/kiosk/${ctx.survey.definition.id}`, ctx.lang));
    }
    // A kiosk offers no "save and continue later": nobody could come back to the tablet's draft.
    const action = body.action === "save" && ctx.draft.channel === "kiosk" ? "next" : body.action;
    const returnTo = body.ritorno === "riepilogo" ? "riepilogo" : "";
    const parsed = parsePage(ctx.survey, page, body, ctx.draft.answers, ctx.lang);
    // Only valid answers are ever stored; going back or saving keeps those and drops the rest.
    const merged = pruneAnswers(ctx.survey, { ...dropPage(ctx.draft.answers, page), ...parsed.answers });
    const keep = async (): Promise<void> => {
      // A pending link's draft is stored with its first answers, never before (starting stores nothing).
      if (!ctx.draft.pending) return saveDraft(storage, ctx.draft.token, merged, ctx.lang, now());
      if (!Object.keys(merged).length) return;
      const stored = await storePendingDraft(storage, ctx.draft.token, merged, ctx.lang, now());
      if (stored.created) res.locals.draftStored = true;
      ctx.draft = stored.draft;
    };
    if (action === "save" && ctx.draft.pending && !Object.keys(merged).length) {
      // Nothing to save yet: the same page again.
      return res.redirect(303, withLang(`${base(ctx.draft)}/p/${page.id}`, ctx.lang));
    }
    if (action === "back" || action === "save") {
      await keep();
      if (action === "save") return res.redirect(303, withLang(`${base(ctx.draft)}/salvato`, ctx.lang));
      const { prev } = neighbours(ctx.survey, merged, page.id);
      const start = `/${ctx.draft.channel === "kiosk" ? "kiosk" : "s"}/${ctx.survey.definition.id}`;
      return res.redirect(303, withLang(prev ? `${base(ctx.draft)}/p/${prev.id}` : start, ctx.lang));
    }
    if (parsed.errors.length) return renderPage(res, ctx, page, body, parsed.errors, 422, returnTo);
    await keep();
    const { next } = neighbours(ctx.survey, merged, page.id);
    // After the last page, or back from the summary, the summary (it sends to any page still incomplete).
    const target = next && !returnTo ? `p/${next.id}` : "riepilogo";
    res.redirect(303, withLang(`${base(ctx.draft)}/${target}`, ctx.lang));
  });

  /**
   * Where a respondent carries on (the resume link and code): the page where they stopped, with no
   * error shown for questions not seen yet; the summary once every page has been seen.
   */
  router.get("/r/:token/continua", async (req, res) => {
    const ctx = await load(req, res);
    if (!ctx) return;
    const pageId = resumePage(ctx.survey, ctx.draft.answers, ctx.lang);
    res.redirect(303, withLang(`${base(ctx.draft)}/${pageId ? `p/${pageId}` : "riepilogo"}`, ctx.lang));
  });

  router.get("/r/:token/riepilogo", async (req, res) => {
    const ctx = await load(req, res);
    if (!ctx) return;
    const checked = validateAnswers(ctx.survey, ctx.draft.answers, ctx.lang);
    if (!checked.ok)
      return res.redirect(303, withLang(`${base(ctx.draft)}/p/${checked.page.pageId}?check=1`, ctx.lang));
    renderSummary(res, ctx, 200, null);
  });

  function renderSummary(res: Response, ctx: Loaded, status: number, error: string | null): void {
    const { survey, draft, lang } = ctx;
    const sections = visiblePages(survey, draft.answers).map((page) => ({
      page,
      items: askedQuestions(survey, page, draft.answers).map((q) => ({
        q,
        shown: displayAnswer(survey, q, draft.answers, lang),
      })),
    }));
    res.status(status).render("survey/summary", {
      survey: survey.definition,
      sections,
      base: base(draft),
      error,
      steps: steps(survey, draft.answers, "", lang),
    });
  }

  router.post("/r/:token/invia", async (req, res) => {
    const ctx = await load(req, res);
    if (!ctx) return;
    if (ctx.draft.pending) {
      // Every question was optional and none was answered: the empty questionnaire is stored to be sent.
      const stored = await storePendingDraft(storage, ctx.draft.token, {}, ctx.lang, now());
      if (stored.created) res.locals.draftStored = true;
      ctx.draft = stored.draft;
    }
    const result = await submitDraftDurably(storage, registry, ctx.draft.token, now());
    switch (result.status) {
      case "stored":
      case "already_submitted":
        return res.redirect(303, withLang(`${base(ctx.draft)}/grazie`, ctx.lang));
      case "invalid":
        return res.redirect(303, withLang(`${base(ctx.draft)}/p/${result.page.pageId}?check=1`, ctx.lang));
      case "code_used":
        return renderSummary(res, ctx, 409, ui(ctx.lang, "accessCodeUsedAtSubmit"));
      case "expired":
        throw new HttpError(410, "notFoundTitle", "draftExpired");
      case "not_found":
        throw notFound();
    }
  });

  router.get("/r/:token/salvato", async (req, res) => {
    const ctx = await load(req, res);
    if (!ctx) return;
    if (ctx.draft.channel === "kiosk" || ctx.draft.pending)
      return res.redirect(303, withLang(`${base(ctx.draft)}/continua`, ctx.lang));
    const origin = publicOrigin(req);
    res.render("survey/saved", {
      survey: ctx.survey.definition,
      link: `${origin}${withLang(`${base(ctx.draft)}/continua`, ctx.lang)}`,
      resumeCode: ctx.draft.resumeCode,
      expiresAt: ctx.draft.expiresAt,
      continueUrl: withLang(`${base(ctx.draft)}/continua`, ctx.lang),
    });
  });

  router.get("/r/:token/grazie", async (req, res) => {
    const ctx = await load(req, res, true);
    if (!ctx) return;
    if (!ctx.draft.submitted) return res.redirect(303, withLang(`${base(ctx.draft)}/riepilogo`, ctx.lang));
    res.render("survey/thanks", {
      survey: ctx.survey.definition,
      base: base(ctx.draft),
      step: 1,
      rating: null,
      error: null,
      kiosk: ctx.draft.channel === "kiosk",
    });
  });

  return router;
}
