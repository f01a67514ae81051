import { columnsOf, rowsOf } from "../options.js";
import type { Question } from "../schema.js";
import { checkUnique } from "./checks.js";
import type { CheckInput } from "./kind.js";

type MatrixQuestion = Extract<Question, { type: "matrix" }>;

/** Columns or a scale (exactly one), distinct values, and rows whose source exists. */
export function checkMatrix(q: MatrixQuestion, { path, survey, catalogue, earlier, report }: CheckInput): void {
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
    if (!source || source.type !== "single")
      report(`${path}.rows.areaQuestion`, `"${rows.areaQuestion}" non è una domanda a scelta singola precedente`);
  }
  if (rows.from === "question") {
    const source = earlier.get(rows.question);
    if (!source || source.type !== "multi")
      report(`${path}.rows.question`, `"${rows.question}" non è una domanda a scelta multipla precedente`);
  }
  if (rows.from !== "question") checkUnique(rowsOf(q, survey, catalogue, {}), `${path}.rows`, report);
}

/**
 * Rows that depend on an answer must come from an earlier page: without JavaScript the page
 * could not show the rows for boxes ticked on the same page.
 */
export function checkRowsFromEarlierPage(q: MatrixQuestion, { path, earlierPages, report }: CheckInput): void {
  const source =
    q.rows.from === "question" ? q.rows.question : q.rows.from === "catalogue" ? q.rows.areaQuestion : undefined;
  if (source && !earlierPages.has(source))
    report(`${path}.rows`, `le righe dipendono da "${source}", che deve stare in una pagina precedente`);
}
