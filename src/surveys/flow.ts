import { evaluate, referencedQuestions } from "./conditions.js";
import { kindOf } from "./kinds/index.js";
import { choicesOf, rowsOf, type Answers } from "./options.js";
import type { LoadedSurvey } from "./loader.js";
import type { Page, Question } from "./schema.js";

/**
 * Whether a question is asked, given the answers to earlier questions. A matrix whose rows
 * come from earlier answers and end up empty is not asked either.
 */
export function isAsked(survey: LoadedSurvey, question: Question, answers: Answers): boolean {
  if (question.showIf && !evaluate(question.showIf, answers)) return false;
  const kind = kindOf(question);
  if (kind.rows) return kind.rows(question, survey, answers).length > 0;
  if ("choicesFrom" in question && question.choicesFrom) return choicesOf(question, survey.catalogue).length > 0;
  return true;
}

export function askedQuestions(survey: LoadedSurvey, page: Page, answers: Answers): Question[] {
  if (page.showIf && !evaluate(page.showIf, answers)) return [];
  return page.questions.filter((q) => isAsked(survey, q, answers));
}

/** A page as the respondent sees it: a page of the definition, or one part of a page split by `rowsPerPage`. */
export interface ShownPage extends Page {
  /** Set on the parts of a split page: which part, of how many, and the id of the page it comes from. */
  part?: { index: number; count: number; pageId: string };
}

/**
 * A page with `rowsPerPage` whose grids take their rows from an earlier answer ("for each service you
 * used"), split into parts of at most that many rows: the first keeps the page's id, the others are
 * `id-2`, `id-3` … (a hyphen never occurs in an id). Each part shows the same grids with its own rows,
 * so the answers (`grid/row`) are exactly those of the whole page; a respondent who used many services
 * never meets a page of hundreds of buttons. Any other page is returned as it is.
 */
export function pageParts(survey: LoadedSurvey, page: Page, answers: Answers): ShownPage[] {
  const size = page.rowsPerPage;
  const split = (q: Question): boolean => q.type === "matrix" && q.rows.from === "question";
  const grid = page.questions.find(split);
  if (!size || !grid || grid.type !== "matrix") return [page];
  const rows = rowsOf(grid, survey.definition, survey.catalogue, answers);
  if (rows.length <= size) return [page];
  const count = Math.ceil(rows.length / size);
  return Array.from({ length: count }, (_, k) => ({
    ...page,
    id: k === 0 ? page.id : `${page.id}-${k + 1}`,
    title: { it: `${page.title.it} (${k + 1} di ${count})`, en: `${page.title.en} (${k + 1} of ${count})` },
    questions: page.questions.map((q) =>
      split(q) ? { ...q, rows: { from: "list" as const, rows: rows.slice(k * size, (k + 1) * size) } } : q,
    ),
    part: { index: k + 1, count, pageId: page.id },
  }));
}

/** Every page and part of a page in the order of the definition, shown or not, for these answers. */
export function allParts(survey: LoadedSurvey, answers: Answers): ShownPage[] {
  return survey.definition.pages.flatMap((p) => pageParts(survey, p, answers));
}

/** The pages a respondent goes through, in order, for the answers given so far. */
export function visiblePages(survey: LoadedSurvey, answers: Answers): ShownPage[] {
  return allParts(survey, answers).filter((p) => askedQuestions(survey, p, answers).length > 0);
}

/** Whether an answer key belongs to this page (to one of its parts' rows only, for a part of a split page). */
export function pageOwnsKey(page: ShownPage, key: string): boolean {
  return page.questions.some((q) =>
    page.part && q.type === "matrix" && q.rows.from === "list"
      ? q.rows.rows.some((r) => key === `${q.id}/${r.value}`)
      : ownsKey(q, key),
  );
}

/**
 * The pages this respondent will see as far as the answers so far tell: the visible pages, plus those
 * whose visibility still hangs on a question not answered yet (and that may still be asked). The step
 * indicator counts these, so its total changes only when an answer that decides which pages follow does.
 */
export function expectedPages(survey: LoadedSurvey, answers: Answers): ShownPage[] {
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
  return survey.definition.pages
    .filter((page) => {
      if (page.showIf && !evaluate(page.showIf, answers) && !referencedQuestions(page.showIf).some(pending))
        return false;
      return page.questions.some((q) => isAsked(survey, q, answers) || undecided(q));
    })
    .flatMap((page) => pageParts(survey, page, answers));
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
  return kindOf(question).keys(question, survey, answers);
}
