import { Router, type Request, type Response } from "express";
import { idProblem, saveIfClean, storeDraft } from "../admin/designer.service.js";
import { allDraftQuestions, findQuestionAt, questionsBefore, type DraftSurvey } from "../admin/draft-survey.js";
import { ANALYSIS_ROLE_LABELS, formValuesFrom, formValuesOf, isQuestionType, QUESTION_TYPES, questionFromForm, rowCount, type FormValues } from "../admin/question-form.js";
import type { StoredDraft } from "../admin/survey-drafts.repository.js";
import type { Db } from "../db/client.js";
import type { DefinitionProblem } from "../surveys/checks.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { ANALYSIS_ROLES, type Question, type QuestionType } from "../surveys/schema.js";
import { guarded } from "./access.js";
import { errorsByField, loadDraft, problemLinks, str } from "./designer-support.js";
import { notFound } from "./errors.js";
import { currentUser } from "./session.js";
import { conditionRoutes } from "./designer-conditions.js";

/** Where a question being written stands: a new one on a page, or an existing one. */
type Target = { stored: StoredDraft; pageIndex: number; existing?: Question };

/** Questions of a draft: add, edit (every type of the engine), move, delete; and their conditions. */
export function designerQuestionsRouter(db: Db, registry: SurveyRegistry): Router {
  const router = Router();

  function renderForm(res: Response, target: Target, type: QuestionType, values: FormValues, problems: DefinitionProblem[], status = 200): void {
    const { draft } = target.stored;
    const before = target.existing ? questionsBefore(draft, target.existing.id) : draft.pages.slice(0, target.pageIndex + 1).flatMap((p) => p.questions);
    const earlierPages = draft.pages.slice(0, target.pageIndex).flatMap((p) => p.questions);
    res.status(status).render("admin/designer/question-form", {
      draft,
      page: draft.pages[target.pageIndex],
      existing: target.existing ?? null,
      type,
      types: QUESTION_TYPES,
      values,
      errors: errorsByField(problems),
      problems: problemLinks(problems),
      roles: ANALYSIS_ROLES.map((r) => [r, `${ANALYSIS_ROLE_LABELS[r]} (${r})`]),
      blank: (list: string) => rowCount(values, list) + 3,
      multiBefore: earlierPages.filter((q) => q.type === "multi"),
      singleBefore: earlierPages.filter((q) => q.type === "single"),
      hasCatalogue: Boolean(draft.catalogue),
      conditionOf: target.existing?.showIf ?? null,
      beforeCount: before.length,
    });
  }

  function findTarget(req: Request, res: Response): Target | null {
    const stored = loadDraft(db, registry, String(req.params.surveyId), res);
    if (!stored) return null;
    if (req.params.questionId !== undefined) {
      const at = findQuestionAt(stored.draft, String(req.params.questionId));
      if (!at) throw notFound();
      return { stored, pageIndex: at.page, existing: at.question };
    }
    const pageIndex = stored.draft.pages.findIndex((p) => p.id === String(req.params.pageId));
    if (pageIndex < 0) throw notFound();
    return { stored, pageIndex };
  }

  guarded(router, "GET /admin/designer/:surveyId/pagine/:pageId/nuova-domanda", (req, res) => {
    const target = findTarget(req, res);
    if (!target) return;
    const type = isQuestionType(req.query.tipo) ? req.query.tipo : "single";
    renderForm(res, target, type, { type, required: "1" }, []);
  });

  guarded(router, "GET /admin/designer/:surveyId/domande/:questionId", (req, res) => {
    const target = findTarget(req, res);
    if (!target?.existing) return;
    renderForm(res, target, target.existing.type, formValuesOf(target.existing), []);
  });

  const save = (req: Request, res: Response): void => {
    const target = findTarget(req, res);
    if (!target) return;
    const values = formValuesFrom(req.body);
    const type = isQuestionType(values.type) ? values.type : (target.existing?.type ?? "single");
    if (values.action === "retype") return renderForm(res, target, type, { ...values, type }, []);
    const question = questionFromForm(type, values, { showIf: target.existing?.showIf }) as unknown as Question;
    const draft: DraftSurvey = structuredClone(target.stored.draft);
    const others = allDraftQuestions(draft).filter((q) => q.id !== target.existing?.id);
    const bad = idProblem(question.id, "della domanda") ?? (others.some((q) => q.id === question.id) ? `C'è già una domanda con id «${question.id}»: ogni domanda ha un id diverso.` : null);
    if (bad) return renderForm(res, target, type, values, [{ path: "id", message: bad }], 422);
    let path: string;
    if (target.existing) {
      const at = findQuestionAt(draft, target.existing.id)!;
      draft.pages[at.page].questions[at.index] = question;
      path = at.path;
    } else {
      draft.pages[target.pageIndex].questions.push(question);
      path = `pages[${target.pageIndex}].questions[${draft.pages[target.pageIndex].questions.length - 1}]`;
    }
    const action = target.existing ? "progettazione.domanda.modificata" : "progettazione.domanda.aggiunta";
    const result = saveIfClean(db, registry, draft, path, currentUser(res).username, action, question.id);
    if (!result.ok) return renderForm(res, target, type, values, result.problems, 422);
    res.redirect(303, `/admin/designer/${draft.id}#q-${question.id}`);
  };
  guarded(router, "POST /admin/designer/:surveyId/pagine/:pageId/nuova-domanda", save);
  guarded(router, "POST /admin/designer/:surveyId/domande/:questionId", save);

  guarded(router, "POST /admin/designer/:surveyId/domande/:questionId/sposta", (req, res) => {
    const target = findTarget(req, res);
    if (!target?.existing) return;
    const draft = structuredClone(target.stored.draft);
    const at = findQuestionAt(draft, target.existing.id)!;
    const up = str(req.body?.direzione) === "su";
    const list = draft.pages[at.page].questions;
    const [q] = list.splice(at.index, 1);
    // At the top or bottom of a page a question moves to the previous or next page.
    if (up && at.index === 0 && at.page > 0) draft.pages[at.page - 1].questions.push(q);
    else if (!up && at.index === list.length && at.page < draft.pages.length - 1) draft.pages[at.page + 1].questions.unshift(q);
    else list.splice(Math.max(0, Math.min(list.length, at.index + (up ? -1 : 1))), 0, q);
    storeDraft(db, draft, currentUser(res).username, "progettazione.domanda.spostata", `${q.id} ${up ? "su" : "giù"}`);
    res.redirect(303, `/admin/designer/${draft.id}#q-${q.id}`);
  });

  guarded(router, "POST /admin/designer/:surveyId/domande/:questionId/elimina", (req, res) => {
    const target = findTarget(req, res);
    if (!target?.existing) return;
    const draft = structuredClone(target.stored.draft);
    const at = findQuestionAt(draft, target.existing.id)!;
    draft.pages[at.page].questions.splice(at.index, 1);
    storeDraft(db, draft, currentUser(res).username, "progettazione.domanda.eliminata", target.existing.id);
    res.redirect(303, `/admin/designer/${draft.id}#pagina-${draft.pages[at.page].id}`);
  });

  conditionRoutes(router, db, registry);
  return router;
}
