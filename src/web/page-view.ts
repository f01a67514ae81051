import { referencedQuestions } from "../surveys/conditions.js";
import { expectedPages, isAsked, visiblePages } from "../surveys/flow.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { Lang } from "../surveys/messages.js";
import { choicesOf, columnsOf, rowsOf, type Answers } from "../surveys/options.js";
import type { Choice, Page, Question, Text } from "../surveys/schema.js";
import { answeredSets, assignVersion, DEFAULT_BEST, DEFAULT_WORST, maxdiffItems, parseVersion, setsOf, versionKey, type MaxdiffQuestion } from "../surveys/kinds/maxdiff.js";
import type { FieldError } from "../surveys/answers.js";
import { conditionInstruction } from "./paper-view.js";

export interface QuestionView {
  q: Question;
  /** Choices of a choice or ranking question; columns of a matrix. */
  choices: Choice[];
  rows: Choice[];
  /** The condition as JSON for the browser, when it depends on an answer on this same page. */
  liveCondition: string | null;
  /**
   * For a question shown or hidden by an answer on the same page: the condition in words («Risponda
   * solo se ha risposto «Sì» alla domanda precedente»). Without JavaScript it is drawn anyway, and
   * this says when to answer it; it is required only when the condition holds.
   */
  onlyIf?: string | null;
  errors: Record<string, string>;
  /** A best–worst question: the design version shown and its sets. */
  maxdiff?: MaxdiffView;
}

export interface MaxdiffView {
  version: number;
  versions: number;
  sets: { set: number; items: Choice[] }[];
  best: Text;
  worst: Text;
}

/**
 * The sets of a best–worst question for one respondent: the version already answered, else the one
 * the form sent back, else the one assigned to this respondent (the same on every visit).
 */
export function maxdiffView(survey: LoadedSurvey, q: MaxdiffQuestion, answers: Answers, respondentKey: string, fixed?: number): MaxdiffView {
  const version = fixed ?? parseVersion(q, answers[versionKey(q)]) ?? assignVersion(q, respondentKey);
  const labels = new Map(maxdiffItems(q, survey.catalogue).map((c) => [c.value, c]));
  const sets = setsOf(q, survey.catalogue, version).map((items, i) => ({
    set: i + 1,
    items: items.map((v) => labels.get(v) ?? { value: v, label: { it: v, en: v } }),
  }));
  return { version, versions: q.versions, sets, best: q.bestLabel ?? DEFAULT_BEST, worst: q.worstLabel ?? DEFAULT_WORST };
}

/**
 * The questions to draw on a page. A question whose condition depends only on earlier pages
 * is decided here; one that depends on an answer on this same page is drawn anyway (without
 * JavaScript the respondent simply skips it) and the browser hides it live. The server decides
 * again when the page comes back.
 */
/** How a condition names the questions of its page: «precedente» for the one just before, else «label». */
function samePageNames(page: Page, q: Question, lang: Lang): Map<string, string> {
  const at = page.questions.indexOf(q);
  return new Map(page.questions.map((other, i) => [other.id, i === at - 1 ? (lang === "it" ? "precedente" : "above") : `«${other.label[lang]}»`]));
}

export function pageQuestions(survey: LoadedSurvey, page: Page, answers: Answers, errors: FieldError[], respondentKey = "", lang: Lang = "it"): QuestionView[] {
  const onPage = new Set(page.questions.map((q) => q.id));
  return page.questions.flatMap((q) => {
    const live = q.showIf && referencedQuestions(q.showIf).some((id) => onPage.has(id));
    if (!live && !isAsked(survey, q, answers)) return [];
    const rows = q.type === "matrix" ? rowsOf(q, survey.definition, survey.catalogue, answers) : [];
    if (q.type === "matrix" && rows.length === 0) return [];
    const choices = q.type === "matrix" ? columnsOf(q) : "choices" in q || "choicesFrom" in q ? choicesOf(q as never, survey.catalogue) : [];
    const own = errors.filter((e) => e.question === q.id);
    const maxdiff = q.type === "maxdiff" ? maxdiffView(survey, q, answers, respondentKey) : undefined;
    const onlyIf = live ? conditionInstruction(survey, q.showIf, samePageNames(page, q, lang), lang) : null;
    return [{ q, choices, rows, liveCondition: live ? JSON.stringify(q.showIf) : null, onlyIf, errors: Object.fromEntries(own.map((e) => [e.field, e.message])), maxdiff }];
  });
}

export interface StepView {
  id: string;
  title: string;
  state: "done" | "current" | "todo";
}

export function steps(survey: LoadedSurvey, answers: Answers, currentId: string, lang: Lang): StepView[] {
  // The pages expected as far as known (not only those visible now): the total moves only with a deciding answer.
  const pages = expectedPages(survey, answers);
  const index = pages.findIndex((p) => p.id === currentId);
  return pages.map((p, i) => ({ id: p.id, title: p.title[lang], state: i < index ? "done" : i === index ? "current" : "todo" }));
}

/** The next and previous visible pages, judged with the answers as they are now. */
export function neighbours(survey: LoadedSurvey, answers: Answers, currentId: string): { prev?: Page; next?: Page } {
  const pages = visiblePages(survey, answers);
  const order = survey.definition.pages.map((p) => p.id);
  const at = order.indexOf(currentId);
  return {
    prev: [...pages].reverse().find((p) => order.indexOf(p.id) < at),
    next: pages.find((p) => order.indexOf(p.id) > at),
  };
}

/** An answer as the summary shows it: labels, not stored values. */
export function displayAnswer(survey: LoadedSurvey, q: Question, answers: Answers, lang: Lang): { label: string; value: string }[] {
  const labelOf = (choices: Choice[], value: string): string => {
    if (value === "other") return `${lang === "it" ? "Altro" : "Other"}: ${answers[`${q.id}/other`] ?? ""}`;
    return choices.find((c) => c.value === value)?.label[lang] ?? value;
  };
  if (q.type === "maxdiff") {
    const labels = new Map(maxdiffItems(q, survey.catalogue).map((c) => [c.value, c.label[lang]]));
    const best = (q.bestLabel ?? DEFAULT_BEST)[lang];
    const worst = (q.worstLabel ?? DEFAULT_WORST)[lang];
    const group = lang === "it" ? "Gruppo" : "Group";
    return answeredSets(q, survey.catalogue, answers).map((s) => ({
      label: `${group} ${s.set}`,
      value: `${best}: ${labels.get(s.best) ?? s.best}; ${worst.toLowerCase()}: ${labels.get(s.worst) ?? s.worst}`,
    }));
  }
  if (q.type === "matrix") {
    const columns = columnsOf(q);
    return rowsOf(q, survey.definition, survey.catalogue, answers)
      .filter((r) => answers[`${q.id}/${r.value}`] !== undefined)
      .map((r) => ({ label: r.label[lang], value: labelOf(columns, answers[`${q.id}/${r.value}`]) }));
  }
  const value = answers[q.id];
  if (value === undefined) return [];
  if (q.type === "single" || q.type === "multi") {
    const choices = choicesOf(q, survey.catalogue);
    return [{ label: "", value: value.split(" ").map((v) => labelOf(choices, v)).join("; ") }];
  }
  if (q.type === "ranking") {
    const choices = choicesOf(q, survey.catalogue);
    return [{ label: "", value: value.split(" ").map((v, i) => `${i + 1}. ${labelOf(choices, v)}`).join("; ") }];
  }
  if (q.type === "scale" && q.dontKnow && value === "non_so") return [{ label: "", value: lang === "it" ? "Non so" : "Don't know" }];
  if (q.type === "rating") return [{ label: "", value: `${value}/5` }];
  if (q.type === "number") return [{ label: "", value: Number(value).toLocaleString(lang === "it" ? "it-IT" : "en-GB") }];
  return [{ label: "", value }];
}

export { isAsked };
