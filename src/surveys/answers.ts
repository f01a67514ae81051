import { isAsked, pageOwnsKey } from "./flow.js";
import { kindOf } from "./kinds/index.js";
import type { LoadedSurvey } from "./loader.js";
import type { Lang } from "./messages.js";
import type { Answers } from "./options.js";
import type { Page, Question } from "./schema.js";

export interface FieldError {
  question: string;
  /** The form field the message belongs to (the id of the input the summary links to). */
  field: string;
  message: string;
}

export type FormBody = Record<string, unknown>;

/**
 * Turns the submitted fields of one page into stored answers, or field errors.
 * Only the questions asked on this page are read: anything else in the body is ignored,
 * and answers to questions hidden by an earlier answer on the same page are dropped.
 */
export function parsePage(
  survey: LoadedSurvey,
  page: Page,
  body: FormBody,
  previous: Answers,
  lang: Lang,
): { answers: Answers; errors: FieldError[] } {
  const context: Answers = dropPage(previous, page);
  const answers: Answers = {};
  const errors: FieldError[] = [];
  for (const question of page.questions) {
    if (!isAsked(survey, question, context)) continue;
    const result = parseQuestion(survey, question, body, context, lang);
    for (const [key, value] of Object.entries(result.answers)) {
      answers[key] = value;
      context[key] = value;
    }
    errors.push(...result.errors);
  }
  return { answers, errors };
}

/** The previous answers without those of this page, which the submitted form replaces. */
export function dropPage(previous: Answers, page: Page): Answers {
  const kept: Answers = {};
  for (const [key, value] of Object.entries(previous)) {
    if (!pageOwnsKey(page, key)) kept[key] = value;
  }
  return kept;
}

function parseQuestion(
  survey: LoadedSurvey,
  q: Question,
  body: FormBody,
  context: Answers,
  lang: Lang,
): { answers: Answers; errors: FieldError[] } {
  return kindOf(q).parse(q, { survey, body, context, lang });
}

export { isIsoDate, parseNumber, toIsoDate } from "./kinds/fields.js";
