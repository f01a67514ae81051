import { referencedQuestions } from "../../surveys/conditions.js";
import { allParts, expectedPages, isAsked, visiblePages } from "../../surveys/flow.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { Lang } from "../../surveys/messages.js";
import { kindOf } from "../../surveys/kinds/index.js";
import type { SummaryLine } from "../../surveys/kinds/kind.js";
import type { Answers } from "../../surveys/options.js";
import type { Choice, Page, Question, Text } from "../../surveys/schema.js";
import {
  assignVersion,
  DEFAULT_BEST,
  DEFAULT_WORST,
  maxdiffItems,
  parseVersion,
  setsOf,
  versionKey,
  type MaxdiffQuestion,
} from "../../surveys/kinds/maxdiff.js";
import type { FieldError } from "../../surveys/answers.js";
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
  /** Drawn as a group of controls (fieldset and legend) rather than one labelled control. */
  grouped: boolean;
  /** The form field of its first control (the label's target, the cursor's place). */
  field: string;
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
export function maxdiffView(
  survey: LoadedSurvey,
  q: MaxdiffQuestion,
  answers: Answers,
  respondentKey: string,
  fixed?: number,
): MaxdiffView {
  const version = fixed ?? parseVersion(q, answers[versionKey(q)]) ?? assignVersion(q, respondentKey);
  const labels = new Map(maxdiffItems(q, survey.catalogue).map((c) => [c.value, c]));
  const sets = setsOf(q, survey.catalogue, version).map((items, i) => ({
    set: i + 1,
    items: items.map((v) => labels.get(v) ?? { value: v, label: { it: v, en: v } }),
  }));
  return {
    version,
    versions: q.versions,
    sets,
    best: q.bestLabel ?? DEFAULT_BEST,
    worst: q.worstLabel ?? DEFAULT_WORST,
  };
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
  return new Map(
    page.questions.map((other, i) => [
      other.id,
      i === at - 1 ? (lang === "it" ? "precedente" : "above") : `«${other.label[lang]}»`,
    ]),
  );
}

export function pageQuestions(
  survey: LoadedSurvey,
  page: Page,
  answers: Answers,
  errors: FieldError[],
  respondentKey = "",
  lang: Lang = "it",
): QuestionView[] {
  const onPage = new Set(page.questions.map((q) => q.id));
  return page.questions.flatMap((q) => {
    const live = q.showIf && referencedQuestions(q.showIf).some((id) => onPage.has(id));
    if (!live && !isAsked(survey, q, answers)) return [];
    const kind = kindOf(q);
    const rows = kind.rows ? kind.rows(q, survey, answers) : [];
    if (kind.rows && rows.length === 0) return [];
    const choices = kind.choices(q, survey);
    const own = errors.filter((e) => e.question === q.id);
    const maxdiff = q.type === "maxdiff" ? maxdiffView(survey, q, answers, respondentKey) : undefined;
    const onlyIf = live ? conditionInstruction(survey, q.showIf, samePageNames(page, q, lang), lang) : null;
    return [
      {
        q,
        choices,
        rows,
        liveCondition: live ? JSON.stringify(q.showIf) : null,
        onlyIf,
        errors: Object.fromEntries(own.map((e) => [e.field, e.message])),
        grouped: kind.grouped(q),
        field: kind.firstField(q, rows),
        maxdiff,
      },
    ];
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
  return pages.map((p, i) => ({
    id: p.id,
    title: p.title[lang],
    state: i < index ? "done" : i === index ? "current" : "todo",
  }));
}

/** The next and previous visible pages, judged with the answers as they are now. */
export function neighbours(survey: LoadedSurvey, answers: Answers, currentId: string): { prev?: Page; next?: Page } {
  const pages = visiblePages(survey, answers);
  const order = allParts(survey, answers).map((p) => p.id);
  // A part that no longer exists (fewer rows now) stands where its page's first part stands.
  const at = order.includes(currentId) ? order.indexOf(currentId) : order.indexOf(currentId.replace(/-\d+$/, "")) + 0.5;
  return {
    prev: [...pages].reverse().find((p) => order.indexOf(p.id) < at),
    next: pages.find((p) => order.indexOf(p.id) > at),
  };
}

/** An answer as the summary shows it: labels, not stored values. */
export function displayAnswer(survey: LoadedSurvey, q: Question, answers: Answers, lang: Lang): SummaryLine[] {
  return kindOf(q).summary(q, survey, answers, lang);
}

export { isAsked };
