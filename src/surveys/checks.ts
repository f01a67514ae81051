import { comparedValues, referencedQuestions } from "./conditions.js";
import { kindOf } from "./kinds/index.js";
import type { CheckInput } from "./kinds/kind.js";
import { choicesOf, columnsOf } from "./options.js";
import type { Catalogue, Condition, Question, SurveyDefinition } from "./schema.js";

export interface DefinitionProblem {
  path: string;
  message: string;
}

/**
 * Checks what a schema can't: uniqueness, references to earlier questions, choice values
 * used in conditions. Returns every problem found, not just the first, so an author fixes
 * a file in one go.
 */
export function checkSurvey(survey: SurveyDefinition, catalogue: Catalogue | undefined): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const report = (path: string, message: string): void => void problems.push({ path, message });
  if (survey.catalogue && !catalogue) report("catalogue", `il catalogo "${survey.catalogue}" non esiste`);

  const seenPages = new Set<string>();
  const earlier = new Map<string, Question>();
  /** Questions of pages before the current one: what a matrix may take its rows from. */
  const earlierPages = new Set<string>();
  survey.pages.forEach((page, p) => {
    const pagePath = `pages[${p}]`;
    if (seenPages.has(page.id)) report(`${pagePath}.id`, `l'id di pagina "${page.id}" è ripetuto`);
    seenPages.add(page.id);
    if (page.showIf) checkCondition(page.showIf, `${pagePath}.showIf`, earlier, catalogue, report);
    if (page.rowsPerPage !== undefined) {
      const sources = new Set(
        page.questions.map((q) => (q.type === "matrix" && q.rows.from === "question" ? q.rows.question : "")),
      );
      if (sources.size !== 1 || sources.has("")) {
        report(
          `${pagePath}.rowsPerPage`,
          "rowsPerPage divide una pagina di sole griglie con le righe prese dalla stessa domanda precedente",
        );
      }
    }

    page.questions.forEach((q, i) => {
      const path = `${pagePath}.questions[${i}]`;
      if (earlier.has(q.id)) report(`${path}.id`, `l'id "${q.id}" è ripetuto`);
      if (q.showIf) checkCondition(q.showIf, `${path}.showIf`, earlier, catalogue, report);
      checkQuestion(q, { path, survey, catalogue, earlier, earlierPages, report });
      earlier.set(q.id, q);
    });
    for (const q of page.questions) earlierPages.add(q.id);
  });
  checkDimensionsOnce(survey, report);
  return problems;
}

type Report = (path: string, message: string) => void;

/** Each census dimension (area, age, sex) belongs to one question at most: the report reads it from that one. */
function checkDimensionsOnce(survey: SurveyDefinition, report: Report): void {
  const seen = new Set<string>();
  survey.pages.forEach((page, p) =>
    page.questions.forEach((q, i) => {
      const d = q.analysis?.dimension;
      if (!d) return;
      if (seen.has(d))
        report(
          `pages[${p}].questions[${i}].analysis.dimension`,
          `la dimensione "${d}" è già indicata da un'altra domanda`,
        );
      seen.add(d);
    }),
  );
}

/** The checks every question has, then its kind's own (src/surveys/kinds/<type>.ts). */
function checkQuestion(q: Question, input: CheckInput): void {
  kindOf(q).check(q, input);
  const { path, report } = input;
  if (q.analysis?.role === "weighting" && !q.analysis.variable)
    report(`${path}.analysis.variable`, "una domanda di ponderazione indica la variabile dei margini");
  if (q.analysis?.dimension && q.analysis.role !== "weighting")
    report(`${path}.analysis.dimension`, "solo una domanda di ponderazione indica una dimensione del censimento");
}

/** Conditions may only look back: a question's visibility never depends on a later answer. */
function checkCondition(
  condition: Condition,
  path: string,
  earlier: Map<string, Question>,
  catalogue: Catalogue | undefined,
  report: Report,
): void {
  for (const id of referencedQuestions(condition)) {
    if (!earlier.has(id)) report(`${path}.question`, `"${id}" non è una domanda precedente`);
  }
  for (const { question, value } of comparedValues(condition)) {
    const [id, row] = question.split("/");
    const source = earlier.get(id);
    if (!source) continue;
    const allowed = allowedValues(source, catalogue, row !== undefined);
    if (allowed && !allowed.has(value)) report(`${path}`, `"${value}" non è un valore di "${question}"`);
  }
}

function allowedValues(q: Question, catalogue: Catalogue | undefined, isRow: boolean): Set<string> | null {
  if (q.type === "single" || q.type === "multi" || q.type === "ranking") {
    return new Set(choicesOf(q, catalogue).map((c) => c.value));
  }
  if (q.type === "matrix" && isRow) return new Set(columnsOf(q).map((c) => c.value));
  return null;
}
