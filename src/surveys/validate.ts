import { kindOf } from "./kinds/index.js";
import type { StoredCheck } from "./kinds/kind.js";
import { dropPage, type FieldError, type FormBody } from "./answers.js";
import { compileCondition } from "./conditions.js";
import { isAsked, pageParts, type ShownPage } from "./flow.js";
import type { LoadedSurvey } from "./loader.js";
import type { Lang } from "./messages.js";
import { choicesOf, type Answers } from "./options.js";
import type { Question } from "./schema.js";

export interface PageErrors {
  pageId: string;
  errors: FieldError[];
}

/**
 * Checks a whole set of answers exactly as the pages would: page by page, each question asked given the
 * answers before it is checked by its kind as if its form fields had been sent (answersToBody). Used
 * before storing a web response and for every other way answers arrive (paper entry, CSV import,
 * synthetic data), so there is one rule book. Returns the cleaned answers (hidden questions dropped)
 * or the first page with errors.
 *
 * What does not depend on the answers (conditions, which questions can be asked, each kind's stored
 * check) is compiled once per survey version. An answer already in stored form is taken as it is when
 * its kind's stored check says parsing would give it back unchanged; anything else, and every error,
 * goes through the kind's parser, so the results and messages are those of the pages
 * (tests/surveys/validate-compiled.test.ts compares it with the page-by-page replay).
 */
export function validateAnswers(
  survey: LoadedSurvey,
  answers: Answers,
  lang: Lang,
): { ok: true; answers: Answers } | { ok: false; page: PageErrors } {
  const book = compiled(survey);
  const accepted: Answers = {};
  let subKeys: Map<string, string[]> | undefined;
  const run = (questions: readonly CompiledQuestion[], context: Answers, into: Answers): FieldError[] => {
    const errors: FieldError[] = [];
    for (const cq of questions) {
      if (!cq.asked(context)) continue;
      const fast = cq.stored?.(answers, context);
      if (fast) {
        for (const key in fast) into[key] = context[key] = fast[key];
        continue;
      }
      const body = answersToBody([cq.question], answers, (subKeys ??= subKeysById(answers)));
      const result = kindOf(cq.question).parse(cq.question, { survey, body, context, lang });
      for (const key in result.answers) into[key] = context[key] = result.answers[key];
      errors.push(...result.errors);
    }
    return errors;
  };
  for (const page of book.pages) {
    const parts = page.split ? pageParts(survey, page.page, accepted) : null;
    if (parts && parts.length > 1) {
      // A page split by rowsPerPage is checked part by part (its parts known from the answers before it),
      // so an error names the part that shows its row. Each part sees the answers without its own.
      for (const part of parts) {
        const questions = part.questions.map((q) => book.questions.get(q) ?? compileQuestion(survey, q));
        if (!page.shown(accepted) || !questions.some((cq) => cq.asked(accepted))) continue;
        const found: Answers = {};
        const errors = run(questions, dropPage(accepted, part), found);
        if (errors.length) return { ok: false, page: { pageId: part.id, errors } };
        Object.assign(accepted, found);
      }
      continue;
    }
    if (!page.shown(accepted) || !page.questions.some((cq) => cq.asked(accepted))) continue;
    // A page's questions own none of the keys before it (ids are unique and have no slash), so the
    // answers so far are its context as they are, and its answers are added to them in place.
    const errors = run(page.questions, accepted, accepted);
    if (errors.length) return { ok: false, page: { pageId: page.page.id, errors } };
  }
  return { ok: true, answers: accepted };
}

interface CompiledQuestion {
  question: Question;
  /** Whether it is asked, given the answers before it (isAsked). */
  asked: (answers: Answers) => boolean;
  stored: StoredCheck | null;
}

interface CompiledPage {
  page: ShownPage;
  /** The page's own condition (a page whose condition fails shows none of its questions). */
  shown: (answers: Answers) => boolean;
  questions: CompiledQuestion[];
  /** Whether rowsPerPage may split it into parts, depending on the answers. */
  split: boolean;
}

interface CompiledSurvey {
  pages: CompiledPage[];
  questions: Map<Question, CompiledQuestion>;
}

const cache = new WeakMap<LoadedSurvey, CompiledSurvey>();

/** The survey version compiled once: a loaded version's definition and catalogue never change. */
function compiled(survey: LoadedSurvey): CompiledSurvey {
  let book = cache.get(survey);
  if (!book) {
    const questions = new Map<Question, CompiledQuestion>();
    const pages = survey.definition.pages.map((page) => {
      const shown = page.showIf ? compileCondition(page.showIf) : () => true;
      const list = page.questions.map((q) => {
        const cq = compileQuestion(survey, q);
        questions.set(q, cq);
        return cq;
      });
      const split = !!page.rowsPerPage && page.questions.some((q) => q.type === "matrix" && q.rows.from === "question");
      return { page, shown, questions: list, split };
    });
    cache.set(survey, (book = { pages, questions }));
  }
  return book;
}

function compileQuestion(survey: LoadedSurvey, q: Question): CompiledQuestion {
  const kind = kindOf(q);
  const condition = q.showIf ? compileCondition(q.showIf) : null;
  let asked: (answers: Answers) => boolean;
  if (kind.rows) asked = (answers) => isAsked(survey, q, answers);
  else if ("choicesFrom" in q && q.choicesFrom && choicesOf(q, survey.catalogue).length === 0) asked = () => false;
  else asked = condition ?? (() => true);
  return { question: q, asked, stored: kind.stored ? kind.stored(q, survey) : null };
}

/** The form fields that would have produced these stored answers. */
export function answersToBody(
  questions: Question[],
  answers: Answers,
  subKeys: ReadonlyMap<string, string[]> = subKeysById(answers),
): FormBody {
  const body: FormBody = {};
  for (const q of questions) {
    const value = answers[q.id];
    const kind = kindOf(q);
    if (value !== undefined) Object.assign(body, kind.formFields ? kind.formFields(q, value) : { [q.id]: value });
    for (const key of subKeys.get(q.id) ?? []) body[key] = answers[key];
  }
  return body;
}

/**
 * The keys `id/…` of the answers (matrix rows, "other" texts) by question id (ids have no slash).
 * Found once per set of answers, and only when an answer has to be parsed.
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
