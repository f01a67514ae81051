import { evaluate } from "./conditions.js";
import { maxdiffKeys } from "./kinds/maxdiff.js";
import { choicesOf, rowsOf, type Answers } from "./options.js";
import type { LoadedSurvey } from "./loader.js";
import type { Page, Question } from "./schema.js";

/**
 * Whether a question is asked, given the answers to earlier questions. A matrix whose rows
 * come from earlier answers and end up empty is not asked either.
 */
export function isAsked(survey: LoadedSurvey, question: Question, answers: Answers): boolean {
  if (question.showIf && !evaluate(question.showIf, answers)) return false;
  if (question.type === "matrix") return rowsOf(question, survey.definition, survey.catalogue, answers).length > 0;
  if ("choicesFrom" in question && question.choicesFrom) return choicesOf(question, survey.catalogue).length > 0;
  return true;
}

export function askedQuestions(survey: LoadedSurvey, page: Page, answers: Answers): Question[] {
  if (page.showIf && !evaluate(page.showIf, answers)) return [];
  return page.questions.filter((q) => isAsked(survey, q, answers));
}

/** The pages a respondent goes through, in order, for the answers given so far. */
export function visiblePages(survey: LoadedSurvey, answers: Answers): Page[] {
  return survey.definition.pages.filter((p) => askedQuestions(survey, p, answers).length > 0);
}

/** The answer keys a question may own: its id, `id/row` for a matrix, `id/other`. */
export function ownsKey(question: Question, key: string): boolean {
  return key === question.id || key.startsWith(`${question.id}/`);
}

/**
 * Drops every answer to a question that is not asked any more (an earlier answer changed),
 * matrix rows no longer shown, and "other" texts whose "other" box is no longer ticked.
 * Walks the questions in order, because visibility only depends on earlier answers.
 */
export function pruneAnswers(survey: LoadedSurvey, answers: Answers): Answers {
  const kept: Answers = {};
  for (const page of survey.definition.pages) {
    const pageShown = !page.showIf || evaluate(page.showIf, kept);
    for (const question of page.questions) {
      if (!pageShown || !isAsked(survey, question, kept)) continue;
      for (const key of keysOf(survey, question, kept)) {
        if (answers[key] !== undefined && answers[key] !== "") kept[key] = answers[key];
      }
      const other = `${question.id}/other`;
      if (answers[other] && kept[question.id]?.split(" ").includes("other")) kept[other] = answers[other];
    }
  }
  return kept;
}

/** The keys under which a question's answers are stored (not counting `/other`). */
export function keysOf(survey: LoadedSurvey, question: Question, answers: Answers): string[] {
  if (question.type === "maxdiff") return maxdiffKeys(question);
  if (question.type !== "matrix") return [question.id];
  return rowsOf(question, survey.definition, survey.catalogue, answers).map((r) => `${question.id}/${r.value}`);
}
