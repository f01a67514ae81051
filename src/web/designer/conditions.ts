import type { Request, Response, Router } from "express";
import { latestCatalogues } from "./catalogues.service.js";
import { readKnown, type Known } from "./known.service.js";
import { editable, leafFromForm, toCondition, type EditableCondition } from "./condition-form.js";
import { setCondition } from "./questions.service.js";
import { conditionPageView } from "./condition-view.js";
import type { DefinitionProblem } from "../../surveys/checks.js";
import { findQuestionAt, questionsBefore, type DraftSurvey } from "../../surveys/draft-survey.js";
import type { StoredDraft } from "./designer.service.js";
import type { Storage } from "../../storage/types.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import type { Condition, Question } from "../../surveys/schema.js";
import { guarded } from "../common/access.js";
import { loadDraft, str } from "./support.js";
import { notFound } from "../common/errors.js";
import { currentUser } from "../common/session.js";
import { formOf } from "../common/form.js";

/**
 * "Show this question only if…": the author picks an earlier question from a list, then an
 * operator and a value from that question's choices (or types a number). Without JavaScript
 * this takes two steps: choosing the question reloads the form with its values.
 */
export function conditionRoutes(router: Router, storage: Storage, registry: SurveyRegistry): void {
  async function load(
    req: Request,
    res: Response,
  ): Promise<{ stored: StoredDraft; question: Question; path: string } | null> {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return null;
    const at = findQuestionAt(stored.draft, String(req.params.questionId));
    if (!at) throw notFound();
    return { stored, question: at.question, path: at.path };
  }

  function render(
    res: Response,
    known: Known,
    draft: DraftSurvey,
    question: Question,
    sourceId: string,
    message: { error?: string; problems?: DefinitionProblem[] },
    status = 200,
  ): void {
    const view = conditionPageView({
      draft,
      question,
      catalogue: draft.catalogue ? latestCatalogues(known).get(draft.catalogue) : undefined,
      sourceId,
      error: message.error ?? null,
      problems: message.problems ?? [],
    });
    res.status(status).render("admin/designer/condition", view);
  }

  guarded(router, "GET /admin/designer/:surveyId/domande/:questionId/condizione", async (req, res) => {
    const found = await load(req, res);
    if (!found) return;
    render(res, await readKnown(storage, registry), found.stored.draft, found.question, str(req.query.domanda), {});
  });

  guarded(router, "POST /admin/designer/:surveyId/domande/:questionId/condizione", async (req, res) => {
    const found = await load(req, res);
    if (!found) return;
    const known = await readKnown(storage, registry);
    const { stored, question } = found;
    const body = formOf(req);
    const action = str(body.action);
    const current: EditableCondition = editable(question.showIf) ?? { join: "all", leaves: [] };
    let next: Condition | undefined;
    if (action === "clear") next = undefined;
    else if (action === "join") next = toCondition({ ...current, join: body.join === "any" ? "any" : "all" });
    else if (action === "remove")
      next = toCondition({ ...current, leaves: current.leaves.filter((_, i) => String(i) !== str(body.index)) });
    else {
      const source = questionsBefore(stored.draft, question.id).find((q) => q.id === str(body.domanda));
      const picked = ([] as unknown[]).concat(body.valori ?? []).map(String);
      const leaf = source && leafFromForm(source, str(body.operatore), picked, str(body.valore));
      if (!leaf || editable(question.showIf) === null) {
        const error = !source
          ? "Scelga una delle domande precedenti."
          : editable(question.showIf) === null
            ? "La condizione attuale è composta (scritta nel file JSON): la rimuova prima di aggiungerne una nuova."
            : "Scelga l'operatore e il valore: per «è uguale a» una sola risposta, per «è una tra» almeno una, per i confronti un numero.";
        return render(res, known, stored.draft, question, source?.id ?? "", { error }, 422);
      }
      next = toCondition({ ...current, leaves: [...current.leaves, leaf] });
    }
    const result = await setCondition(storage, known, stored, question.id, next, action, currentUser(res).username);
    if (!result.ok) return render(res, known, stored.draft, question, "", { problems: result.problems }, 422);
    res.redirect(303, `/admin/designer/${stored.draft.id}/domande/${question.id}/condizione`);
  });
}
