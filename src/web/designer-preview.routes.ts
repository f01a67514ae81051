import { Router, type Response } from "express";
import { latestCatalogues } from "../admin/catalogues.service.js";
import { describeCondition } from "../admin/condition-form.js";
import { saveIfClean } from "../admin/designer.service.js";
import type { DraftSurvey } from "../admin/draft-survey.js";
import { formValuesFrom, formValuesOf } from "../admin/question-form.js";
import type { Db } from "../db/client.js";
import type { DefinitionProblem } from "../surveys/checks.js";
import { activeServices, choicesOf, columnsOf, findQuestion } from "../surveys/options.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import type { Catalogue, Choice, Question, SurveyDefinition } from "../surveys/schema.js";
import { guarded } from "./access.js";
import { errorsByField, loadDraft, problemLinks } from "./designer-support.js";
import { currentUser } from "./session.js";

const SETTINGS_TEXTS = ["title", "description", "privacy"] as const;

/** The survey's own settings and the preview of the draft as a citizen would see it. */
export function designerPreviewRouter(db: Db, registry: SurveyRegistry): Router {
  const router = Router();

  const renderSettings = (res: Response, draft: DraftSurvey, values: Record<string, string>, problems: DefinitionProblem[], status = 200): void => {
    res.status(status).render("admin/designer/settings", { draft, values, errors: errorsByField(problems), problems: problemLinks(problems), catalogues: [...latestCatalogues(db, registry).keys()] });
  };

  guarded(router, "GET /admin/designer/:surveyId/impostazioni", (req, res) => {
    const stored = loadDraft(db, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const { pages: _pages, ...settings } = stored.draft;
    renderSettings(res, stored.draft, formValuesOf(settings as never), []);
  });

  guarded(router, "POST /admin/designer/:surveyId/impostazioni", (req, res) => {
    const stored = loadDraft(db, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const values = formValuesFrom(req.body);
    const draft: DraftSurvey = structuredClone(stored.draft);
    const texts = draft as unknown as Record<string, unknown>;
    for (const key of SETTINGS_TEXTS) {
      const it = (values[`${key}.it`] ?? "").trim();
      const en = (values[`${key}.en`] ?? "").trim();
      if (key === "description" && !it && !en) delete texts[key];
      else texts[key] = { it, en };
    }
    const minutes = wholeNumber(values.estimatedMinutes, 1, 120);
    const days = wholeNumber(values.draftDays, 1, 365);
    const typed: DefinitionProblem[] = [];
    if (minutes === null) typed.push({ path: "estimatedMinutes", message: "Scriva un numero intero di minuti, da 1 a 120, oppure lasci vuoto." });
    if (days === null) typed.push({ path: "draftDays", message: "Scriva un numero intero di giorni, da 1 a 365, oppure lasci vuoto (30 giorni)." });
    if (typed.length) return renderSettings(res, stored.draft, values, typed, 422);
    texts.estimatedMinutes = minutes;
    texts.draftDays = days ?? 30;
    draft.access = values.access === "code" ? "code" : "public";
    draft.status = values.status === "draft" ? "draft" : "open";
    if (values.catalogue) draft.catalogue = values.catalogue;
    else delete draft.catalogue;
    const result = saveIfClean(db, registry, draft, (path) => !path.startsWith("pages"), currentUser(res).username, "progettazione.impostazioni", "titolo, accesso, informativa");
    if (!result.ok) return renderSettings(res, stored.draft, values, result.problems, 422);
    res.redirect(303, `/admin/designer/${draft.id}`);
  });

  guarded(router, "GET /admin/designer/:surveyId/anteprima", (req, res) => {
    const stored = loadDraft(db, registry, String(req.params.surveyId), res);
    if (!stored) return;
    const draft = stored.draft;
    const catalogue = draft.catalogue ? latestCatalogues(db, registry).get(draft.catalogue) : undefined;
    const lang = res.locals.lang as "it" | "en";
    const definition = draft as unknown as SurveyDefinition;
    const pages = draft.pages.map((page) => ({
      page,
      questions: page.questions.map((q) => previewQuestion(q, definition, catalogue, lang)),
    }));
    res.render("admin/designer/preview", { survey: draft, pages, surveyId: draft.id });
  });

  return router;
}

/** A whole number in range; undefined when left empty, null when not acceptable. */
function wholeNumber(raw: string | undefined, min: number, max: number): number | undefined | null {
  const text = (raw ?? "").trim();
  if (text === "") return undefined;
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : null;
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
      rows = origin && ("choices" in origin || "choicesFrom" in origin) ? choicesOf(origin as never, catalogue).filter((c) => !c.exclusive) : [];
    }
  }
  const choices = q.type === "matrix" ? (q.columns || q.scale ? columnsOf(q) : []) : "choices" in q || "choicesFrom" in q ? choicesOf(q as never, catalogue) : [];
  const labelOf = (id: string, value?: string): string => {
    const [qid] = id.split("/");
    const source = findQuestion(survey, qid);
    if (value === undefined) return source ? source.label[lang] : id;
    const options = source && ("choices" in source || "choicesFrom" in source) ? choicesOf(source as never, catalogue) : [];
    return options.find((c) => c.value === value)?.label[lang] ?? value;
  };
  return {
    qv: { q, choices, rows, liveCondition: null, errors: {} },
    condition: q.showIf ? describeCondition(q.showIf, labelOf) : null,
  };
}
