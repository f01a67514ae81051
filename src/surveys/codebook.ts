import { surveyColumns, type ColumnSpec } from "./csv-format.js";
import { maxdiffColumnNote } from "./kinds/maxdiff.js";
import type { LoadedSurvey } from "./loader.js";
import { columnsOf, findQuestion, scalePoints } from "./options.js";
import { DONT_KNOW, type Catalogue, type Choice, type Question, type Text } from "./schema.js";

/** The data dictionary of the response CSV: one entry per column, in the CSV's order. */
export interface CodebookEntry {
  column: string;
  questionId: string;
  type: string;
  label: Text;
  values: { value: string; label: Text }[];
  note: string;
  role: string;
  versions: number[];
}

const CHANNEL_LABELS: Choice[] = [
  { value: "web", label: { it: "Compilato online", en: "Filled in online" } },
  { value: "kiosk", label: { it: "Postazione in municipio", en: "Town-hall kiosk" } },
  { value: "paper", label: { it: "Questionario cartaceo trascritto", en: "Paper questionnaire typed in" } },
  { value: "import", label: { it: "Importato da file", en: "Imported from a file" } },
];

export function codebook(versions: LoadedSurvey[], answered?: ReadonlySet<string>): CodebookEntry[] {
  const all = versions.map((v) => v.definition.version).sort((a, b) => a - b);
  const fixed = (column: string, type: string, it: string, en: string, note: string, values: Choice[] = []): CodebookEntry => ({
    column, questionId: "", type, label: { it, en }, values, note, role: "", versions: all,
  });
  const entries: CodebookEntry[] = [
    fixed("response_id", "id", "Identificativo casuale della risposta", "Random response identifier", "UUID"),
    fixed("survey_version", "number", "Versione del questionario compilata", "Questionnaire version answered", all.join(" ")),
    fixed("channel", "single", "Canale di raccolta", "Collection channel", "", CHANNEL_LABELS),
    fixed("submitted_at", "datetime", "Data e ora di invio (UTC)", "Date and time sent (UTC)", "ISO 8601"),
  ];
  for (const column of surveyColumns(versions, answered)) entries.push(describe(column, versions));
  entries.push(fixed("synthetic", "flag", "Risposta simulata (dati di prova)", "Simulated response (test data)", "solo se l'esportazione contiene dati simulati", [
    { value: "0", label: { it: "Risposta reale", en: "Real response" } },
    { value: "1", label: { it: "Dati simulati", en: "Simulated data" } },
  ]));
  return entries;
}

function describe(column: ColumnSpec, versions: LoadedSurvey[]): CodebookEntry {
  // Wording may change between versions, meaning may not: the latest version that has the column speaks.
  const latest = versions.find((v) => v.definition.version === column.versions[column.versions.length - 1])!;
  const q = findQuestion(latest.definition, column.questionId)!;
  const base = { column: column.key, questionId: q.id, role: q.analysis?.role ?? "", versions: column.versions };
  if (column.part === "other") {
    return { ...base, type: "text", label: suffix(q.label, { it: "altro, specificare", en: "other, please specify" }), values: [], note: "testo libero (al massimo 200 caratteri)" };
  }
  if (q.type === "maxdiff") return { ...base, ...maxdiffEntry(q, column.key, latest.catalogue) };
  if (q.type === "matrix") {
    const rowLabel = matrixRowLabel(q, column.row!, latest);
    return { ...base, type: "matrix", label: suffix(q.label, rowLabel), values: columnsOf(q), note: `riga «${column.row}»` };
  }
  return { ...base, type: q.type, label: q.label, ...valuesOf(q, latest.catalogue) };
}

function maxdiffEntry(q: Extract<Question, { type: "maxdiff" }>, key: string, catalogue: Catalogue | undefined): Pick<CodebookEntry, "type" | "label" | "values" | "note"> {
  const column = maxdiffColumnNote(q, key);
  if (column.part === "version") {
    return { type: "maxdiff_version", label: suffix(q.label, { it: "versione del disegno", en: "design version" }), values: [], note: column.note };
  }
  const which = column.part === "best" ? { it: `insieme ${column.set}, più importante`, en: `set ${column.set}, most important` } : { it: `insieme ${column.set}, meno importante`, en: `set ${column.set}, least important` };
  return { type: `maxdiff_${column.part}`, label: suffix(q.label, which), values: q.choices ?? allServices(catalogue), note: column.note };
}

function valuesOf(q: Exclude<Question, { type: "matrix" | "maxdiff" }>, catalogue: Catalogue | undefined): { values: Choice[]; note: string } {
  switch (q.type) {
    case "single":
    case "multi":
    case "ranking": {
      const values = q.choices ?? allServices(catalogue);
      const other = "other" in q && q.other ? [{ value: "other", label: { it: "Altro", en: "Other" } }] : [];
      const note = q.type === "multi" ? "più valori separati da uno spazio" : q.type === "ranking" ? `fino a ${q.size} valori separati da uno spazio, in ordine di preferenza` : "";
      return { values: [...values, ...other], note };
    }
    case "scale":
      return { values: scalePoints(q.min, q.max, q.dontKnow), note: `da ${q.min} a ${q.max}${q.dontKnow ? `; ${DONT_KNOW} = non so` : ""}` };
    case "rating":
      return { values: scalePoints(1, 5, false), note: "stelle da 1 a 5" };
    case "number":
      return { values: [], note: ["numero", q.integer ? "intero" : "", q.min !== undefined ? `da ${q.min}` : "", q.max !== undefined ? `a ${q.max}` : ""].filter(Boolean).join(" ") };
    case "date":
      return { values: [], note: "data AAAA-MM-GG" };
    case "text":
    case "textarea":
      return { values: [], note: `testo libero (al massimo ${q.maxLength} caratteri)` };
  }
}

/** Services keep their code after retirement, so old answers stay readable. */
function allServices(catalogue: Catalogue | undefined): Choice[] {
  return (catalogue?.services ?? []).map((s) => ({
    value: s.code,
    label: s.retired ? { it: `${s.name.it} (dismesso)`, en: `${s.name.en} (retired)` } : s.name,
  }));
}

function matrixRowLabel(q: Extract<Question, { type: "matrix" }>, row: string, survey: LoadedSurvey): Text {
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

function suffix(label: Text, part: Text): Text {
  return { it: `${label.it} — ${part.it}`, en: `${label.en} — ${part.en}` };
}
