import { Router, type Request, type Response } from "express";
import { findQuestionAt } from "../../surveys/draft-survey.js";
import { moveQuestion, removeQuestion, saveQuestion } from "./questions.service.js";
import { formValuesFrom, formValuesOf, isQuestionType, questionFromForm, type FormValues } from "./question-form.js";
import { questionFormView } from "./question-form-view.js";
import type { StoredDraft } from "./designer.service.js";
import type { Storage } from "../../storage/types.js";
import type { DefinitionProblem } from "../../surveys/checks.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { readKnown } from "./known.service.js";
import type { Question, QuestionType } from "../../surveys/schema.js";
import { guarded } from "../common/access.js";
import { errorsByField, loadDraft, problemLinks, str } from "./support.js";
import { notFound } from "../common/errors.js";
import { currentUser } from "../common/session.js";
import { conditionRoutes } from "./conditions.js";
import { formOf } from "../common/form.js";

/** Where a question being written stands: a new one on a page, or an existing one. */
type Target = { stored: StoredDraft; pageIndex: number; existing?: Question };

/** Questions of a draft: add, edit (every type of the engine), move, delete; and their conditions. */
export function designerQuestionsRouter(storage: Storage, registry: SurveyRegistry): Router {
  const router = Router();

  function renderForm(
    res: Response,
    target: Target,
    type: QuestionType,
    values: FormValues,
    problems: DefinitionProblem[],
    status = 200,
  ): void {
    const { draft } = target.stored;
    const earlier = draft.pages.slice(0, target.pageIndex).flatMap((p) => p.questions);
    const form = questionFormView({
      draft,
      page: draft.pages[target.pageIndex],
      existing: target.existing ?? null,
      type,
      values,
      errors: errorsByField(problems),
      problems: problemLinks(problems),
      earlier,
    });
    res.status(status).render("admin/designer/question-form", { form, values: form.values, errors: form.errors });
  }

  async function findTarget(req: Request, res: Response): Promise<Target | null> {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
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

  guarded(router, "GET /admin/designer/:surveyId/pagine/:pageId/nuova-domanda", async (req, res) => {
    const target = await findTarget(req, res);
    if (!target) return;
    const type = isQuestionType(req.query.tipo) ? req.query.tipo : "single";
    renderForm(res, target, type, { type, required: "1" }, []);
  });

  guarded(router, "GET /admin/designer/:surveyId/domande/:questionId", async (req, res) => {
    const target = await findTarget(req, res);
    if (!target?.existing) return;
    renderForm(res, target, target.existing.type, formValuesOf(target.existing), []);
  });

  const save = async (req: Request, res: Response): Promise<void> => {
    const target = await findTarget(req, res);
    if (!target) return;
    const values = formValuesFrom(formOf(req));
    const type = isQuestionType(values.type) ? values.type : (target.existing?.type ?? "single");
    if (values.action === "retype") return renderForm(res, target, type, { ...values, type }, []);
    const question = questionFromForm(type, values, { showIf: target.existing?.showIf }) as unknown as Question;
    const result = await saveQuestion(
      storage,
      await readKnown(storage, registry),
      target.stored,
      question,
      target,
      currentUser(res).username,
    );
    if (!result.ok) return renderForm(res, target, type, values, result.problems, 422);
    res.redirect(303, `/admin/designer/${target.stored.draft.id}#q-${question.id}`);
  };
  guarded(router, "POST /admin/designer/:surveyId/pagine/:pageId/nuova-domanda", save);
  guarded(router, "POST /admin/designer/:surveyId/domande/:questionId", save);

  guarded(router, "POST /admin/designer/:surveyId/domande/:questionId/sposta", async (req, res) => {
    const target = await findTarget(req, res);
    if (!target?.existing) return;
    await moveQuestion(
      storage,
      target.stored,
      target.existing.id,
      str(formOf(req).direzione) === "su",
      currentUser(res).username,
    );
    res.redirect(303, `/admin/designer/${target.stored.draft.id}#q-${target.existing.id}`);
  });

  guarded(router, "POST /admin/designer/:surveyId/domande/:questionId/elimina", async (req, res) => {
    const target = await findTarget(req, res);
    if (!target?.existing) return;
    const pageId = await removeQuestion(storage, target.stored, target.existing.id, currentUser(res).username);
    res.redirect(303, `/admin/designer/${target.stored.draft.id}#pagina-${pageId}`);
  });

  conditionRoutes(router, storage, registry);
  return router;
}
