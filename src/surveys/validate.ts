import { parsePage, type FieldError, type FormBody } from "./answers.js";
import { askedQuestions } from "./flow.js";
import type { LoadedSurvey } from "./loader.js";
import type { Lang } from "./messages.js";
import type { Answers } from "./options.js";
import type { Question } from "./schema.js";

export interface PageErrors {
  pageId: string;
  errors: FieldError[];
}

/**
 * Checks a whole set of answers exactly as the pages would, by replaying each page's
 * form through the same parser. Used before storing a web response and for every other
 * way answers arrive (paper entry, CSV import, synthetic data), so there is one rule book.
 * Returns the cleaned answers (hidden questions dropped) or the first page with errors.
 */
export function validateAnswers(
  survey: LoadedSurvey,
  answers: Answers,
  lang: Lang,
): { ok: true; answers: Answers } | { ok: false; page: PageErrors } {
  let accepted: Answers = {};
  for (const page of survey.definition.pages) {
    if (askedQuestions(survey, page, accepted).length === 0) continue;
    const body = answersToBody(page.questions, answers);
    const result = parsePage(survey, page, body, accepted, lang);
    if (result.errors.length) return { ok: false, page: { pageId: page.id, errors: result.errors } };
    accepted = { ...accepted, ...result.answers };
  }
  return { ok: true, answers: accepted };
}

/** The form fields that would have produced these stored answers. */
export function answersToBody(questions: Question[], answers: Answers): FormBody {
  const body: FormBody = {};
  const ids = new Set<string>();
  for (const q of questions) {
    ids.add(q.id);
    const value = answers[q.id];
    if (q.type === "multi" && value !== undefined) body[q.id] = value.split(" ");
    else if (q.type === "ranking" && value !== undefined) value.split(" ").forEach((v, i) => (body[`${q.id}/${i + 1}`] = v));
    else if (value !== undefined) body[q.id] = value;
  }
  // Matrix rows and "other" texts (`id/…`; ids have no slash) in one pass over the answers, not one
  // pass per question: this runs for every page of every validation (BENCHMARKS.md).
  for (const key in answers) {
    const slash = key.indexOf("/");
    if (slash > 0 && ids.has(key.slice(0, slash))) body[key] = answers[key];
  }
  return body;
}
