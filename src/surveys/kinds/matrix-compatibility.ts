import type { Question } from "../schema.js";
import { compareScale, compareValues, published } from "./compatibility.js";
import type { CompatibleInput } from "./kind.js";

type MatrixQuestion = Extract<Question, { type: "matrix" }>;

/** A matrix keeps its kind of columns and their values (or its scale), and where its rows come from. */
export function compareMatrix(
  q: MatrixQuestion,
  old: MatrixQuestion,
  { path, name, version, history, report }: CompatibleInput,
): void {
  if (Boolean(q.scale) !== Boolean(old.scale)) {
    const was = old.scale ? "una griglia a scala numerica" : "una griglia a colonne con nome";
    report(
      `${path}.${q.scale ? "scale" : "columns"}`,
      `${name} era ${was} nella versione ${version}: non può cambiare tipo di colonne. Usi un nuovo id.`,
    );
  } else if (q.scale && old.scale) {
    compareScale(q.scale, old.scale, `${path}.scale`, `${name} aveva una scala`, version, report);
  } else if (q.columns && old.columns) {
    const before = old.columns.map((c) => c.value);
    const now = q.columns.map((c) => c.value);
    if ([...before].sort().join() !== [...now].sort().join()) {
      report(
        `${path}.columns`,
        `${name} aveva le colonne ${before.join(", ")} nella versione ${version}: i valori delle colonne non possono cambiare (le etichette sì). Usi un nuovo id.`,
      );
    }
  }
  const rowsWas = {
    list: "un elenco di righe",
    catalogue: "le righe dal catalogo",
    question: "le righe dalle scelte di una domanda precedente",
  };
  if (q.rows.from !== old.rows.from) {
    report(
      `${path}.rows`,
      `${name} aveva ${rowsWas[old.rows.from]} nella versione ${version}: non può passare a ${rowsWas[q.rows.from]}. Usi un nuovo id.`,
    );
  } else if (q.rows.from === "question" && old.rows.from === "question" && q.rows.question !== old.rows.question) {
    report(
      `${path}.rows.question`,
      `${name} aveva una riga per ogni scelta di «${old.rows.question}» nella versione ${version}: non può prenderle da «${q.rows.question}». Usi un nuovo id.`,
    );
  } else if (q.rows.from === "list") {
    compareValues(
      q.rows.rows,
      `${path}.rows.rows`,
      q.id,
      published(history, q.id, (x) => (x.type === "matrix" && x.rows.from === "list" ? x.rows.rows : undefined)),
      report,
    );
  }
}
