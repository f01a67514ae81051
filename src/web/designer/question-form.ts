import { isQuestionType, KINDS, QUESTION_KINDS } from "../../surveys/kinds/index.js";
import type { Question, QuestionType } from "../../surveys/schema.js";
import { ANALYSIS_ROLE_TEXTS, type AnalysisRole } from "../../surveys/vocabulary.js";

/**
 * The question form of the designer. Field names are the JSON paths of the definition
 * relative to the question ("label.it", "choices[2].value", "scale.max"), so a problem found
 * by the loader at `pages[0].questions[1].choices[2].value` lands next to the right field.
 */
export type FormValues = Record<string, string>;

/** The designer's list of types, in the registry's order. */
export const QUESTION_TYPES: { type: QuestionType; label: string }[] = QUESTION_KINDS.map((type) => ({
  type,
  label: KINDS[type].designer.label,
}));

/** What each analysis role tells the report, in the designer's words (src/surveys/vocabulary.ts). */
export const ANALYSIS_ROLE_LABELS: Record<AnalysisRole, string> = Object.fromEntries(
  Object.entries(ANALYSIS_ROLE_TEXTS).map(([role, text]) => [role, text.it]),
) as Record<AnalysisRole, string>;

export { isQuestionType };

const COMMON = ["id", "label", "help", "required", "analysis"];
const LISTS = ["choices", "columns", "rows.rows"];
const NUMBERS =
  /^(min|max|size|sets|versions|maxLength|scale\.min|scale\.max|choices\[\d+\]\.score|columns\[\d+\]\.score|rows\.rows\[\d+\]\.score)$/;
const FLAGS = /^(required|other|dontKnow|integer|scale\.dontKnow|choices\[\d+\]\.exclusive)$/;

/** A question as form values: every leaf under its path; true as "1". */
export function formValuesOf(question: Partial<Question>): FormValues {
  const values: FormValues = {};
  const walk = (value: unknown, path: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value && typeof value === "object")
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else if (value === true) values[path] = "1";
    else if (typeof value === "string" || typeof value === "number") values[path] = String(value);
  };
  walk(question, "");
  if (
    question.type === "single" ||
    question.type === "multi" ||
    question.type === "ranking" ||
    question.type === "maxdiff"
  )
    values.source = question.choicesFrom ? "catalogue" : "list";
  if (question.type === "matrix") values.columnsKind = question.scale ? "scale" : "columns";
  for (const list of LISTS)
    for (let i = 0; values[`${list}[${i}].value`] !== undefined; i++) values[`${list}[${i}].position`] = String(i + 1);
  return values;
}

/** Only the string fields of a posted form. */
export function formValuesFrom(body: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const [k, v] of Object.entries(body ?? {})) if (typeof v === "string" && k !== "_csrf") values[k] = v;
  return values;
}

/** How many rows of a list the form has (filled or not). */
export function rowCount(values: FormValues, list: string): number {
  let n = 0;
  for (const key of Object.keys(values)) {
    const m = key.startsWith(`${list}[`) ? /^\[(\d+)\]/.exec(key.slice(list.length)) : null;
    if (m) n = Math.max(n, Number(m[1]) + 1);
  }
  return n;
}

/**
 * Form values → the question JSON the loader checks. Numbers stay text when they are not
 * numbers, so the loader's message ("expected a number") reaches the field.
 */
export function questionFromForm(
  type: QuestionType,
  values: FormValues,
  keep: Pick<Question, "showIf">,
): Record<string, unknown> {
  const allowed = [...COMMON, ...KINDS[type].designer.fields];
  const out: Record<string, unknown> = { id: (values.id ?? "").trim(), type };
  for (const [path, raw] of Object.entries(values)) {
    const top = path.split(/[.[]/)[0];
    if (!allowed.includes(top) || path === "id" || path.endsWith(".position")) continue;
    const value = raw.trim();
    if (FLAGS.test(path)) {
      if (value === "1") setPath(out, path, true);
    } else if (value !== "") setPath(out, path, NUMBERS.test(path) && type !== "date" ? toNumber(value) : value);
  }
  for (const list of LISTS) tidyList(out, list, values);
  for (const key of [
    "label",
    "help",
    "minLabel",
    "maxLabel",
    "unit",
    "scale.minLabel",
    "scale.maxLabel",
    "bestLabel",
    "worstLabel",
  ])
    tidyText(out, key, key === "label");
  if (values.source === "catalogue") {
    delete out.choices;
    out.choicesFrom = "catalogue";
  } else delete out.choicesFrom;
  if (type === "matrix") tidyMatrix(out, values);
  if (out.analysis && !(out.analysis as { role?: string }).role) delete out.analysis;
  if (keep.showIf) out.showIf = keep.showIf;
  return out;
}

function toNumber(value: string): number | string {
  const n = Number(value.replace(",", "."));
  return Number.isFinite(n) ? n : value;
}

/** Field names come from the browser: only plain names and small indexes, never a prototype. */
const SAFE_PART = /^(?:[a-zA-Z][a-zA-Z0-9]*|\d{1,3})$/;
const UNSAFE = new Set(["__proto__", "constructor", "prototype"]);

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== "");
  if (!parts.every((p) => SAFE_PART.test(p) && !UNSAFE.has(p))) return;
  let at: Record<string, unknown> = target;
  parts.forEach((part, i) => {
    if (i === parts.length - 1) at[part] = value;
    else at = (at[part] ??= /^\d+$/.test(parts[i + 1]) ? [] : {}) as Record<string, unknown>;
  });
}

function getPath(target: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((at, k) => (at as Record<string, unknown> | undefined)?.[k], target);
}

/** Drops empty rows, orders by the position typed by the author, keeps what is left. */
function tidyList(out: Record<string, unknown>, list: string, values: FormValues): void {
  const rows = getPath(out, list) as Record<string, unknown>[] | undefined;
  if (!rows) return;
  const order = (i: number): number => Number(values[`${list}[${i}].position`]) || i + 1;
  const kept = rows
    .map((row, i) => ({ row, i }))
    .filter(({ row }) => row && (row.value !== undefined || (row.label && Object.keys(row.label).length)))
    .sort((a, b) => order(a.i) - order(b.i) || a.i - b.i)
    .map(({ row }) => ({ value: "", ...row, label: { it: "", en: "", ...(row.label as object) } }));
  const parent = list.includes(".") ? (getPath(out, list.split(".")[0]) as Record<string, unknown>) : out;
  parent[list.split(".").pop()!] = kept.length ? kept : undefined;
}

/** An optional text with neither language is absent; with one language the other is reported missing. */
function tidyText(out: Record<string, unknown>, path: string, required: boolean): void {
  const text = getPath(out, path) as Record<string, string> | undefined;
  const parentPath = path.split(".").slice(0, -1).join(".");
  const parent = (parentPath ? getPath(out, parentPath) : out) as Record<string, unknown> | undefined;
  if (!parent) return;
  const key = path.split(".").pop()!;
  if (!text) {
    if (required) parent[key] = { it: "", en: "" };
    return;
  }
  parent[key] = { it: text.it ?? "", en: text.en ?? "" };
}

function tidyMatrix(out: Record<string, unknown>, values: FormValues): void {
  const rows = (out.rows ?? {}) as Record<string, unknown>;
  const from = values["rows.from"] || "list";
  out.rows =
    from === "list"
      ? { from, rows: rows.rows ?? [] }
      : from === "catalogue"
        ? { from, ...(rows.areaQuestion ? { areaQuestion: rows.areaQuestion } : {}) }
        : { from, question: rows.question ?? "" };
  if (values.columnsKind === "scale") delete out.columns;
  else delete out.scale;
}
