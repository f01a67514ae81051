import { evaluate, referencedQuestions } from "./conditions.js";
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

/**
 * The pages this respondent will see as far as the answers so far tell: the visible pages, plus those
 * whose visibility still hangs on a question not answered yet (and that may still be asked). The step
 * indicator counts these, so its total changes only when an answer that decides which pages follow does.
 */
export function expectedPages(survey: LoadedSurvey, answers: Answers): Page[] {
  const byId = new Map(survey.definition.pages.flatMap((p) => p.questions).map((q) => [q.id, q]));
  const open = new Map<string, boolean>();
  /** Not answered yet, and asked or possibly asked: what it will say is still unknown. */
  const pending = (id: string): boolean => {
    if (open.has(id)) return open.get(id)!;
    const q = byId.get(id);
    const unanswered = !Object.keys(answers).some((k) => k === id || k.startsWith(`${id}/`));
    const result = !!q && unanswered && (isAsked(survey, q, answers) || undecided(q));
    open.set(id, result);
    return result;
  };
  const undecided = (q: Question): boolean => dependsOn(q).some(pending);
  return survey.definition.pages.filter((page) => {
    if (page.showIf && !evaluate(page.showIf, answers) && !referencedQuestions(page.showIf).some(pending)) return false;
    return page.questions.some((q) => isAsked(survey, q, answers) || undecided(q));
  });
}

/** The earlier questions whose answers decide whether a question is asked (its condition, the source of its rows). */
function dependsOn(q: Question): string[] {
  const ids = q.showIf ? referencedQuestions(q.showIf) : [];
  if (q.type === "matrix" && q.rows.from === "question") ids.push(q.rows.question);
  if (q.type === "matrix" && q.rows.from === "catalogue" && q.rows.areaQuestion) ids.push(q.rows.areaQuestion);
  return ids;
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
