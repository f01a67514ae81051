import type { LoadedSurvey } from "../loader.js";
import {
  activeServices,
  allQuestions,
  allServices,
  choicesOf,
  columnsOf,
  findQuestion,
  rowsOf,
  type Answers,
} from "../options.js";
import type { Catalogue, Choice, Question, Text } from "../schema.js";
import { choiceLabel, emptyParsed, failer, single } from "./fields.js";
import { suffixed, type Kind } from "./kind.js";
import { checkMatrix, checkRowsFromEarlierPage } from "./matrix-checks.js";
import { compareMatrix } from "./matrix-compatibility.js";

/**
 * A grid: one row per item (a list, the catalogue's services, or the choices picked in an earlier
 * question) and the same columns (named, or the points of a scale) for each; answers under `id/row`.
 */
export type MatrixQuestion = Extract<Question, { type: "matrix" }>;

export const matrixKind: Kind<MatrixQuestion> = {
  names: ["una griglia", "una griglia"],
  designer: { label: "Griglia (righe × colonne)", fields: ["rows", "columns", "scale"] },
  grouped: () => true,
  choices: (q) => columnsOf(q),
  rows: (q, survey, answers) =>
    answers ? rowsOf(q, survey.definition, survey.catalogue, answers) : allRows(survey, q),
  firstField: (q, rows) => `${q.id}/${rows[0]?.value}`,
  condition: "answered",
  check(q, input) {
    checkMatrix(q, input);
    checkRowsFromEarlierPage(q, input);
  },
  compatible: compareMatrix,
  keys: (q, survey, answers) =>
    rowsOf(q, survey.definition, survey.catalogue, answers).map((r) => `${q.id}/${r.value}`),
  parse(q, { survey, body, context, lang }) {
    const out = emptyParsed();
    const fail = failer(q, out, lang);
    const columns = new Set(columnsOf(q).map((c) => c.value));
    for (const row of rowsOf(q, survey.definition, survey.catalogue, context)) {
      const key = `${q.id}/${row.value}`;
      const value = single(body[key]);
      if (value === null || (value !== "" && !columns.has(value))) fail("invalidChoice", {}, key);
      else if (value === "") {
        if (q.required) fail("requiredRow", {}, key);
      } else out.answers[key] = value;
    }
    return out;
  },
  stored(q, survey) {
    const columns = new Set(columnsOf(q).map((c) => c.value));
    const keys = new Map<string, string>();
    const keyOf = (row: string): string => {
      let key = keys.get(row);
      if (key === undefined) keys.set(row, (key = `${q.id}/${row}`));
      return key;
    };
    const rows = compiledRows(q, survey);
    return (answers, context) => {
      const out: Answers = {};
      for (const row of rows(context)) {
        const key = keyOf(row);
        const value = answers[key];
        if (value === undefined) {
          if (q.required) return null;
        } else if (columns.has(value)) out[key] = value;
        else return null;
      }
      return out;
    };
  },
  columns: (q, survey, answered) =>
    possibleRows(q, survey, answered).map((row) => ({ key: `${q.id}/${row}`, questionId: q.id, part: "row", row })),
  codebook: (q, column, survey) => ({
    type: "matrix",
    label: suffixed(q.label, rowLabel(q, column.row!, survey)),
    values: columnsOf(q),
    note: `riga «${column.row}»`,
  }),
  summary(q, survey, answers, lang) {
    const columns = columnsOf(q);
    return rowsOf(q, survey.definition, survey.catalogue, answers)
      .filter((r) => answers[`${q.id}/${r.value}`] !== undefined)
      .map((r) => ({
        label: r.label[lang],
        value: choiceLabel(q, columns, answers, answers[`${q.id}/${r.value}`], lang),
      }));
  },
  report: {
    keys(q, answered) {
      const rows: string[] = [];
      for (const key of answered) if (key.startsWith(`${q.id}/`) && key !== `${q.id}/other`) rows.push(key);
      return rows.sort();
    },
    categories: (q) => columnsOf(q).map((c) => c.value),
    multiple: false,
    numeric: (q) => !!q.scale,
    labels: (q) => columnsOf(q),
  },
};

/**
 * rowsOf's values for a survey version, with what does not depend on the answers worked out once:
 * the fixed rows, and the choices an earlier question's answer picks rows from.
 */
function compiledRows(q: MatrixQuestion, survey: LoadedSurvey): (answers: Answers) => readonly string[] {
  const source = q.rows;
  if (source.from === "question") {
    const origin = findQuestion(survey.definition, source.question);
    if (!origin || !("choices" in origin || "choicesFrom" in origin)) return () => [];
    const offered = choicesOf(origin as { choices?: Choice[] }, survey.catalogue)
      .filter((c) => !c.exclusive)
      .map((c) => c.value);
    return (answers) => {
      const picked = new Set((answers[source.question] ?? "").split(" ").filter(Boolean));
      return offered.filter((value) => picked.has(value));
    };
  }
  if (source.from === "catalogue" && source.areaQuestion)
    return (answers) => rowsOf(q, survey.definition, survey.catalogue, answers).map((r) => r.value);
  const fixed = rowsOf(q, survey.definition, survey.catalogue, {}).map((r) => r.value);
  return () => fixed;
}

/** Every row the definition can produce; retired services only when `answered` says some response has them. */
function possibleRows(q: MatrixQuestion, survey: LoadedSurvey, answered?: ReadonlySet<string>): string[] {
  const source = q.rows;
  const keep = (code: string): boolean => !answered || answered.has(`${q.id}/${code}`);
  if (source.from === "list") return source.rows.map((r) => r.value);
  if (source.from === "catalogue") return servicesOf(survey.catalogue, keep);
  const origin = allQuestions(survey.definition).find((o) => o.id === source.question);
  if (!origin || !("choices" in origin || "choicesFrom" in origin)) return [];
  const withChoices = origin as { choices?: Choice[] };
  if (withChoices.choices) return withChoices.choices.filter((c) => !c.exclusive).map((c) => c.value);
  return servicesOf(survey.catalogue, keep);
}

/** Every service of the catalogue, in its order; a retired one only if `keep` says so. */
function servicesOf(catalogue: Catalogue | undefined, keep: (code: string) => boolean): string[] {
  return (catalogue?.services ?? []).filter((s) => !s.retired || keep(s.code)).map((s) => s.code);
}

function rowLabel(q: MatrixQuestion, row: string, survey: LoadedSurvey): Text {
  const source = q.rows;
  let choices: Choice[] = [];
  if (source.from === "list") choices = source.rows;
  else if (source.from === "catalogue") choices = allServices(survey.catalogue);
  else {
    const origin = findQuestion(survey.definition, source.question);
    choices = origin && "choices" in origin && origin.choices ? origin.choices : allServices(survey.catalogue);
  }
  return choices.find((c) => c.value === row)?.label ?? { it: row, en: row };
}

/** Every row a matrix may show, whatever the earlier answers: a paper form can't hide rows. */
export function allRows(survey: LoadedSurvey, q: MatrixQuestion): Choice[] {
  const source = q.rows;
  if (source.from === "list") return source.rows;
  if (source.from === "catalogue") return survey.catalogue ? activeServices(survey.catalogue) : [];
  const origin = findQuestion(survey.definition, source.question);
  if (!origin || !("choices" in origin || "choicesFrom" in origin)) return [];
  return choicesOf(origin as never, survey.catalogue).filter((c) => !c.exclusive);
}
