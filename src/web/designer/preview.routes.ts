import { Router, type Response } from "express";
import { latestCatalogues } from "./catalogues.service.js";
import { readKnown, type Known } from "./known.service.js";
import { describeCondition } from "./condition-form.js";
import { changeDraftSettings } from "./draft-settings.service.js";
import type { DraftSurvey } from "../../surveys/draft-survey.js";
import { formValuesFrom, formValuesOf } from "./question-form.js";
import type { Storage } from "../../storage/types.js";
import type { DefinitionProblem } from "../../surveys/checks.js";
import { kindOf } from "../../surveys/kinds/index.js";
import { activeServices, choicesOf, columnsOf, findQuestion } from "../../surveys/options.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import type { Catalogue, Choice, Question, SurveyDefinition } from "../../surveys/schema.js";
import { guarded } from "../common/access.js";
import { errorsByField, loadDraft, problemLinks } from "./support.js";
import { currentUser } from "../common/session.js";
import { formOf } from "../common/form.js";

/** The survey's own settings and the preview of the draft as a citizen would see it. */
export function designerPreviewRouter(storage: Storage, registry: SurveyRegistry): Router {
  const router = Router();

  const renderSettings = (
    res: Response,
    known: Known,
    draft: DraftSurvey,
    values: Record<string, string>,
    problems: DefinitionProblem[],
    status = 200,
  ): void => {
    res.status(status).render("admin/designer/settings", {
      draft,
      values,
      errors: errorsByField(problems),
      problems: problemLinks(problems),
      catalogues: [...latestCatalogues(known).keys()],
    });
  };

  guarded(router, "GET /admin/designer/:surveyId/impostazioni", async (req, res) => {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const { pages: _pages, ...settings } = stored.draft;
    renderSettings(res, await readKnown(storage, registry), stored.draft, formValuesOf(settings), []);
  });

  guarded(router, "POST /admin/designer/:surveyId/impostazioni", async (req, res) => {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const values = formValuesFrom(formOf(req));
    const known = await readKnown(storage, registry);
    const result = await changeDraftSettings(storage, known, stored, values, currentUser(res).username);
    if (!result.ok) return renderSettings(res, known, stored.draft, values, result.problems, 422);
    res.redirect(303, `/admin/designer/${stored.draft.id}`);
  });

  guarded(router, "GET /admin/designer/:surveyId/anteprima", async (req, res) => {
    const stored = await loadDraft(storage, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const draft = stored.draft;
    const catalogue = draft.catalogue
      ? latestCatalogues(await readKnown(storage, registry)).get(draft.catalogue)
      : undefined;
    const lang = res.locals.lang as "it" | "en";
    const definition = draft;
    const pages = draft.pages.map((page) => ({
      page,
      questions: page.questions.map((q) => previewQuestion(q, definition, catalogue, lang)),
    }));
    res.render("admin/designer/preview", { survey: draft, pages, surveyId: draft.id });
  });

  return router;
}

/**
 * A question as the citizen form draws it, with every row it could have: rows that depend
 * on an earlier answer are shown as if every choice had been ticked.
 */
function previewQuestion(q: Question, survey: SurveyDefinition, catalogue: Catalogue | undefined, lang: "it" | "en") {
  let rows: Choice[] = [];
  if (q.type === "matrix") {
    const source = q.rows;
    if (source.from === "list") rows = source.rows;
    else if (source.from === "catalogue") rows = catalogue ? activeServices(catalogue) : [];
    else {
      const origin = findQuestion(survey, source.question);
      rows =
        origin && ("choices" in origin || "choicesFrom" in origin)
          ? choicesOf(origin as never, catalogue).filter((c) => !c.exclusive)
          : [];
    }
  }
  const choices =
    q.type === "matrix"
      ? q.columns || q.scale
        ? columnsOf(q)
        : []
      : "choices" in q || "choicesFrom" in q
        ? choicesOf(q, catalogue)
        : [];
  const labelOf = (id: string, value?: string): string => {
    const [qid] = id.split("/");
    const source = findQuestion(survey, qid);
    if (value === undefined) return source ? source.label[lang] : id;
    const options = source && ("choices" in source || "choicesFrom" in source) ? choicesOf(source, catalogue) : [];
    return options.find((c) => c.value === value)?.label[lang] ?? value;
  };
  return {
    qv: {
      q,
      choices,
      rows,
      liveCondition: null,
      errors: {},
      grouped: kindOf(q).grouped(q),
      field: kindOf(q).firstField(q, rows),
    },
    condition: q.showIf ? describeCondition(q.showIf, labelOf) : null,
  };
}
