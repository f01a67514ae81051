import { parsePage, type FieldError, type FormBody } from "./answers.js";
import { evaluate } from "./conditions.js";
import { ownsKey } from "./flow.js";
import type { LoadedSurvey } from "./loader.js";
import type { Lang } from "./messages.js";
import type { Answers } from "./options.js";
import type { Question } from "./schema.js";

/**
 * Reads a form that holds every question of the survey at once (the operator's data-entry
 * screen). Pages are read in order with the same parser as the respondent's pages, so an
 * answer to a question that the earlier answers hide is dropped, and every error of every
 * page is returned at once (validateAnswers stops at the first page with errors).
 */
export function parseWholeForm(
  survey: LoadedSurvey,
  body: FormBody,
  lang: Lang,
): { answers: Answers; errors: FieldError[] } {
  let answers: Answers = {};
  const errors: FieldError[] = [];
  for (const page of survey.definition.pages) {
    if (page.showIf && !evaluate(page.showIf, answers)) continue;
    const result = parsePage(survey, page, body, answers, lang);
    answers = { ...answers, ...result.answers };
    errors.push(...result.errors);
  }
  return { answers, errors };
}

/** The questions, in survey order, on which two sets of answers differ (a matrix counts as one question). */
export function differingQuestions(survey: LoadedSurvey, a: Answers, b: Answers): Question[] {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => a[k] !== b[k]));
  return survey.definition.pages.flatMap((p) => p.questions).filter((q) => [...keys].some((k) => ownsKey(q, k)));
}

/** `base` with the answers of the given questions taken from `other` instead. */
export function takeQuestions(base: Answers, other: Answers, questions: Question[]): Answers {
  const owned = (key: string): boolean => questions.some((q) => ownsKey(q, key));
  const merged: Answers = {};
  for (const [k, v] of Object.entries(base)) if (!owned(k)) merged[k] = v;
  for (const [k, v] of Object.entries(other)) if (owned(k)) merged[k] = v;
  return merged;
}
