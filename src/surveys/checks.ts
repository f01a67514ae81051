import { comparedValues, referencedQuestions } from "./conditions.js";
import { choicesOf, columnsOf, rowsOf } from "./options.js";
import type { Catalogue, Choice, Condition, Question, SurveyDefinition } from "./schema.js";

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

    page.questions.forEach((q, i) => {
      const path = `${pagePath}.questions[${i}]`;
      if (earlier.has(q.id)) report(`${path}.id`, `l'id "${q.id}" è ripetuto`);
      if (q.showIf) checkCondition(q.showIf, `${path}.showIf`, earlier, catalogue, report);
      checkQuestion(q, path, survey, catalogue, earlier, report);
      checkRowsFromEarlierPage(q, path, earlierPages, report);
      earlier.set(q.id, q);
    });
    for (const q of page.questions) earlierPages.add(q.id);
  });
  return problems;
}

type Report = (path: string, message: string) => void;

function checkQuestion(
  q: Question,
  path: string,
  survey: SurveyDefinition,
  catalogue: Catalogue | undefined,
  earlier: Map<string, Question>,
  report: Report,
): void {
  if (q.type === "single" || q.type === "multi" || q.type === "ranking") {
    if (!q.choices === !q.choicesFrom) report(path, "indicare esattamente uno tra choices e choicesFrom");
    if (q.choicesFrom && !survey.catalogue) report(`${path}.choicesFrom`, "il questionario non indica un catalogo");
    const choices = choicesOf(q, catalogue);
    checkUnique(choices, `${path}.choices`, report);
    if (q.type === "multi") {
      if (q.min !== undefined && q.max !== undefined && q.min > q.max) report(`${path}.min`, "min è maggiore di max");
      if (q.max !== undefined && q.max > choices.length) report(`${path}.max`, "max supera il numero di scelte");
    }
    if (q.type === "ranking") {
      if (q.size > choices.length) report(`${path}.size`, "size supera il numero di scelte");
      if (q.min !== undefined && q.min > q.size) report(`${path}.min`, "min è maggiore di size");
    }
  }
  if (q.type === "maxdiff") {
    if (!q.choices === !q.choicesFrom) report(path, "indicare esattamente uno tra choices e choicesFrom");
    if (q.choicesFrom && !survey.catalogue) report(`${path}.choicesFrom`, "il questionario non indica un catalogo");
    const items = choicesOf(q, catalogue);
    checkUnique(items, `${path}.choices`, report);
    if (items.length > 0 && q.size > items.length) report(`${path}.size`, "size supera il numero di voci");
    else if (items.length > 0 && q.versions * q.sets * q.size < items.length) {
      // Fewer slots than items per respondent is a sparse design (each sees a part); over the versions every item must appear.
      report(`${path}.sets`, `con ${q.versions} versioni di ${q.sets} gruppi da ${q.size} non tutte le ${items.length} voci compaiono: aumenti i gruppi o le versioni`);
    }
  }
  if (q.type === "scale" && q.min >= q.max) report(`${path}.max`, "max deve essere maggiore di min");
  if (q.type === "number" && q.min !== undefined && q.max !== undefined && q.min > q.max) report(`${path}.min`, "min è maggiore di max");
  if (q.type === "date" && q.min && q.max && q.min > q.max) report(`${path}.min`, "min è successiva a max");
  if (q.analysis?.role === "weighting" && !q.analysis.variable) report(`${path}.analysis.variable`, "una domanda di ponderazione indica la variabile dei margini");
  if (q.type === "matrix") checkMatrix(q, path, survey, catalogue, earlier, report);
}

function checkMatrix(
  q: Extract<Question, { type: "matrix" }>,
  path: string,
  survey: SurveyDefinition,
  catalogue: Catalogue | undefined,
  earlier: Map<string, Question>,
  report: Report,
): void {
  if (!q.columns === !q.scale) report(path, "indicare esattamente uno tra columns e scale");
  else {
    if (q.scale && q.scale.min >= q.scale.max) report(`${path}.scale.max`, "max deve essere maggiore di min");
    checkUnique(columnsOf(q), `${path}.columns`, report);
  }
  const rows = q.rows;
  if (rows.from === "list") checkUnique(rows.rows, `${path}.rows.rows`, report);
  if (rows.from === "catalogue" && !survey.catalogue) report(`${path}.rows`, "il questionario non indica un catalogo");
  if (rows.from === "catalogue" && rows.areaQuestion) {
    const source = earlier.get(rows.areaQuestion);
    if (!source || source.type !== "single") report(`${path}.rows.areaQuestion`, `"${rows.areaQuestion}" non è una domanda a scelta singola precedente`);
  }
  if (rows.from === "question") {
    const source = earlier.get(rows.question);
    if (!source || source.type !== "multi") report(`${path}.rows.question`, `"${rows.question}" non è una domanda a scelta multipla precedente`);
  }
  if (rows.from !== "question") checkUnique(rowsOf(q, survey, catalogue, {}), `${path}.rows`, report);
}

/**
 * Rows that depend on an answer must come from an earlier page: without JavaScript the page
 * could not show the rows for boxes ticked on the same page.
 */
function checkRowsFromEarlierPage(q: Question, path: string, earlierPages: Set<string>, report: Report): void {
  if (q.type !== "matrix") return;
  const source = q.rows.from === "question" ? q.rows.question : q.rows.from === "catalogue" ? q.rows.areaQuestion : undefined;
  if (source && !earlierPages.has(source)) report(`${path}.rows`, `le righe dipendono da "${source}", che deve stare in una pagina precedente`);
}

function checkUnique(choices: Choice[], path: string, report: Report): void {
  const seen = new Set<string>();
  for (const c of choices) {
    if (seen.has(c.value)) report(path, `il valore "${c.value}" è ripetuto`);
    seen.add(c.value);
  }
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
