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
  const subKeys = subKeysById(answers);
  for (const page of survey.definition.pages) {
    if (askedQuestions(survey, page, accepted).length === 0) continue;
    const body = answersToBody(page.questions, answers, subKeys);
    const result = parsePage(survey, page, body, accepted, lang);
    if (result.errors.length) return { ok: false, page: { pageId: page.id, errors: result.errors } };
    accepted = { ...accepted, ...result.answers };
  }
  return { ok: true, answers: accepted };
}

/** The form fields that would have produced these stored answers. */
export function answersToBody(questions: Question[], answers: Answers, subKeys: ReadonlyMap<string, string[]> = subKeysById(answers)): FormBody {
  const body: FormBody = {};
  for (const q of questions) {
    const value = answers[q.id];
    if (q.type === "multi" && value !== undefined) body[q.id] = value.split(" ");
    else if (q.type === "ranking" && value !== undefined) value.split(" ").forEach((v, i) => (body[`${q.id}/${i + 1}`] = v));
    else if (value !== undefined) body[q.id] = value;
    for (const key of subKeys.get(q.id) ?? []) body[key] = answers[key];
  }
  return body;
}

/**
 * The keys `id/…` of the answers (matrix rows, "other" texts) by question id (ids have no slash).
 * Found once per set of answers, not once per question: validation runs it for every page (BENCHMARKS.md).
 */
function subKeysById(answers: Answers): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const key in answers) {
    const slash = key.indexOf("/");
    if (slash <= 0) continue;
    const id = key.slice(0, slash);
    const keys = out.get(id);
    if (keys) keys.push(key);
    else out.set(id, [key]);
  }
  return out;
}
