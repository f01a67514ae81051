import { Router, type NextFunction, type Request, type Response } from "express";
import type { Storage } from "../../storage/types.js";
import {
  deleteFirstTyping,
  repeatSecondTyping,
  storeDifferingSecondTyping,
  storeFirstTyping,
  storePaperResponse,
  type PaperEntry,
} from "../../responses/paper-entry.service.js";
import type { FieldError, FormBody } from "../../surveys/answers.js";
import { differingQuestions, parseWholeForm, takeQuestions } from "../../surveys/entry.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import { asLang } from "../../surveys/messages.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { validateAnswers } from "../../surveys/validate.js";
import { guarded } from "../common/access.js";
import { firstFieldId } from "./entry-view.js";
import { resolveView } from "./entry-resolve-view.js";
import { entryFormView, type EntryFormInput, type PendingTyping } from "./entry-form-view.js";
import { notFound } from "../common/errors.js";
import { formatRome } from "../common/rome-time.js";
import { currentUser } from "../common/session.js";
import { formOf } from "../common/form.js";

const NOTICES: Record<string, string> = {
  "1": "Questionario registrato. Può inserire il prossimo.",
  attesa: "Prima digitazione conservata: il questionario sarà registrato dopo la seconda digitazione di verifica.",
  verificato: "Le due digitazioni coincidono: questionario registrato.",
  risolto: "Differenze risolte: questionario registrato.",
  eliminato: "La digitazione in attesa è stata eliminata.",
  gia: "Questo modulo era già stato registrato o eliminato da un altro operatore.",
};

/** What a handler tells the entry form beyond the survey and the errors; the rest is a new, empty form's. */
type FormState = Partial<Omit<EntryFormInput, "survey" | "errors">>;

/** A pending entry's page: the second typing's form, or the differences with the choices made and refused. */
type PendingState = Omit<FormState, "entry" | "pending" | "double" | "formLang"> & {
  errors?: Record<string, string>;
  problems?: string[];
  chosen?: Record<string, unknown>;
};

/**
 * Paper questionnaires typed in by an operator: every question on one screen, validated by
 * the same rule book as the web, stored with channel `paper` and the operator's username.
 * Optionally typed twice ("doppio inserimento"): the first typing waits in paper_entries,
 * the second is compared with it and the differences are resolved before anything is stored.
 */
export function entryRouter(storage: Storage, registry: SurveyRegistry, now: () => Date): Router {
  const router = Router();
  const store = storage.paperEntries;
  const base = (s: LoadedSurvey): string => `/admin/questionari/${s.definition.id}/inserimento`;

  const surveyOf = (req: Request, next: NextFunction): LoadedSurvey | null => {
    const survey = registry.current(String(req.params.surveyId));
    if (!survey) next();
    return survey ?? null;
  };

  /** The pending entry of the URL and the survey version it was typed for. */
  const entryOf = async (
    req: Request,
    next: NextFunction,
  ): Promise<{ survey: LoadedSurvey; entry: PaperEntry } | null> => {
    const current = surveyOf(req, next);
    if (!current) return null;
    const entry = await store.find(current.definition.id, String(req.params.entryId));
    const survey = entry && registry.version(entry.surveyId, entry.surveyVersion);
    if (!entry || !survey) throw notFound();
    return { survey, entry };
  };

  /** Renders the form; the cursor starts on the error summary, or on the first field of a new form. */
  function renderForm(
    res: Response,
    next: NextFunction,
    survey: LoadedSurvey,
    status: number,
    form: FormState,
    errors: FieldError[] = [],
  ): void {
    const view = entryFormView({
      survey,
      errors,
      entry: form.entry ?? null,
      values: form.values ?? {},
      designVersion: form.designVersion ?? 1,
      formLang: form.formLang ?? "it",
      double: form.double ?? false,
      notice: form.notice ?? null,
      sameOperator: form.sameOperator ?? false,
      confirmError: form.confirmError ?? null,
      pending: form.pending ?? [],
    });
    res.status(status).render("admin/entry", view, (err, html) => {
      if (err) return next(err);
      const first = firstFieldId(view.questions);
      res.send(!errors.length && first ? html.replace(`id="${first}"`, `id="${first}" autofocus`) : html);
    });
  }

  const pendingList = async (survey: LoadedSurvey): Promise<PendingTyping[]> =>
    (await store.list(survey.definition.id)).map((e) => ({
      id: e.id,
      by: e.enteredBy,
      at: formatRome(e.createdAt),
      second: e.secondAnswers !== null,
    }));

  guarded(router, "GET /admin/questionari/:surveyId/inserimento", async (req, res, next) => {
    const survey = surveyOf(req, next);
    if (!survey) return;
    const notice = NOTICES[typeof req.query.salvato === "string" ? req.query.salvato : ""] ?? null;
    renderForm(res, next, survey, 200, {
      notice,
      pending: await pendingList(survey),
      double: req.query.doppio === "1",
      designVersion: Number(req.query.versione) || 1,
    });
  });

  guarded(router, "POST /admin/questionari/:surveyId/inserimento", async (req, res, next) => {
    const survey = surveyOf(req, next);
    if (!survey) return;
    const body = formOf(req) as FormBody;
    const double = body.doppio === "1";
    const formLang = asLang(body.lingua);
    const parsed = parseWholeForm(survey, body, "it");
    const checked = parsed.errors.length ? null : validateAnswers(survey, parsed.answers, "it");
    if (!checked?.ok) {
      const errors = parsed.errors.length ? parsed.errors : checked && !checked.ok ? checked.page.errors : [];
      return renderForm(
        res,
        next,
        survey,
        422,
        { values: body, pending: await pendingList(survey), double, formLang },
        errors,
      );
    }
    const who = currentUser(res).username;
    if (double) {
      await storeFirstTyping(store, survey, checked.answers, who, now());
      return res.redirect(303, `${base(survey)}?salvato=attesa&doppio=1`);
    }
    await storePaperResponse(
      store,
      survey,
      checked.answers,
      { enteredBy: who, lang: formLang },
      { by: who, action: "carta.inserito", details: (id) => `risposta ${id}` },
      now(),
    );
    res.redirect(303, `${base(survey)}?salvato=1`);
  });

  guarded(router, "GET /admin/questionari/:surveyId/inserimento/:entryId", async (req, res, next) => {
    const found = await entryOf(req, next);
    if (!found) return;
    const same = !found.entry.secondAnswers && found.entry.enteredBy === currentUser(res).username;
    renderPending(res, next, found.survey, found.entry, 200, {
      designVersion: Number(req.query.versione) || 1,
      sameOperator: same,
    });
  });

  /** The second typing (blind: the first is not shown), or the differences once both are in. */
  function renderPending(
    res: Response,
    next: NextFunction,
    survey: LoadedSurvey,
    entry: PaperEntry,
    status: number,
    extra: PendingState = {},
    errors: FieldError[] = [],
  ): void {
    const header = { id: entry.id, by: entry.enteredBy, at: formatRome(entry.createdAt) };
    if (entry.secondAnswers) {
      const view = resolveView({
        survey,
        entry: { ...header, secondBy: entry.secondBy },
        first: entry.answers,
        second: entry.secondAnswers,
        errors: extra.errors ?? {},
        problems: extra.problems ?? [],
        chosen: extra.chosen ?? null,
        notice: extra.notice ?? null,
      });
      return res.status(status).render("admin/entry-resolve", view);
    }
    renderForm(res, next, survey, status, { ...extra, entry: header }, errors);
  }

  guarded(router, "POST /admin/questionari/:surveyId/inserimento/:entryId", async (req, res, next) => {
    const found = await entryOf(req, next);
    if (!found) return;
    const { survey, entry } = found;
    if (entry.secondAnswers) return renderPending(res, next, survey, entry, 409);
    // Double entry checks one person's typing with another's: the same operator twice checks nothing.
    if (entry.enteredBy === currentUser(res).username)
      return renderPending(res, next, survey, entry, 409, { sameOperator: true });
    const body = formOf(req) as FormBody;
    const parsed = parseWholeForm(survey, body, "it");
    const checked = parsed.errors.length ? null : validateAnswers(survey, parsed.answers, "it");
    if (!checked?.ok) {
      const errors = parsed.errors.length ? parsed.errors : checked && !checked.ok ? checked.page.errors : [];
      return renderPending(res, next, survey, entry, 422, { values: body }, errors);
    }
    const who = currentUser(res).username;
    if (differingQuestions(survey, entry.answers, checked.answers).length === 0) {
      const trail = {
        by: who,
        action: "carta.doppio_inserimento",
        details: (id: string) => `digitazioni concordanti (${entry.enteredBy}, ${who}); ${id}`,
      };
      const stored = await storePaperResponse(
        store,
        survey,
        entry.answers,
        { enteredBy: entry.enteredBy, lang: asLang(body.lingua), pendingId: entry.id },
        trail,
        now(),
      );
      if (!stored) return res.redirect(303, `${base(survey)}?salvato=gia`);
      return res.redirect(303, `${base(survey)}?salvato=verificato&doppio=1`);
    }
    await storeDifferingSecondTyping(store, survey.definition.id, entry, checked.answers, who, now());
    res.redirect(303, `${base(survey)}/${entry.id}`);
  });

  guarded(router, "POST /admin/questionari/:surveyId/inserimento/:entryId/risolvi", async (req, res, next) => {
    const found = await entryOf(req, next);
    if (!found) return;
    const { survey, entry } = found;
    const second = entry.secondAnswers;
    if (!second)
      return renderPending(res, next, survey, entry, 409, {
        notice: "Manca ancora la seconda digitazione: la completi prima di risolvere le differenze.",
      });
    const who = currentUser(res).username;
    if (formOf(req).azione === "ripeti") {
      await repeatSecondTyping(store, survey.definition.id, entry, who, now());
      return res.redirect(303, `${base(survey)}/${entry.id}`);
    }
    const differing = differingQuestions(survey, entry.answers, second);
    const errors: Record<string, string> = {};
    const fromFirst = differing.filter((q) => {
      const choice = formOf(req)[`scelta_${q.id}`];
      if (choice !== "prima" && choice !== "seconda")
        errors[q.id] = "Indichi quale delle due digitazioni corrisponde al modulo cartaceo.";
      return choice === "prima";
    });
    if (Object.keys(errors).length)
      return renderPending(res, next, survey, { ...entry }, 422, { errors, chosen: formOf(req) });
    const checked = validateAnswers(survey, takeQuestions(second, entry.answers, fromFirst), "it");
    if (!checked.ok) {
      const problems = checked.page.errors.map((e) => e.message);
      return renderPending(res, next, survey, entry, 422, { problems, chosen: formOf(req) });
    }
    const trail = {
      by: who,
      action: "carta.doppio_inserimento",
      details: (id: string) =>
        `${differing.length} differenze risolte (${entry.enteredBy}, ${entry.secondBy}, ${who}); ${id}`,
    };
    const stored = await storePaperResponse(
      store,
      survey,
      checked.answers,
      { enteredBy: entry.enteredBy, lang: "it", pendingId: entry.id },
      trail,
      now(),
    );
    if (!stored) return res.redirect(303, `${base(survey)}?salvato=gia`);
    res.redirect(303, `${base(survey)}?salvato=risolto&doppio=1`);
  });

  guarded(router, "POST /admin/questionari/:surveyId/inserimento/:entryId/elimina", async (req, res, next) => {
    const found = await entryOf(req, next);
    if (!found) return;
    const { survey, entry } = found;
    if (formOf(req).conferma !== "1") {
      return renderPending(res, next, survey, entry, 422, {
        confirmError: "Per eliminare la digitazione in attesa, spunti la casella di conferma.",
      });
    }
    await deleteFirstTyping(store, survey.definition.id, entry, currentUser(res).username, now());
    res.redirect(303, `${base(survey)}?salvato=eliminato`);
  });

  return router;
}
