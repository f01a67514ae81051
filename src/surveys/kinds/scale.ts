import { scalePoints } from "../options.js";
import { DONT_KNOW, type Question } from "../schema.js";
import { emptyParsed, failer, single, storedValue } from "./fields.js";
import type { Kind, Parsed, ParseInput, StoredCheck } from "./kind.js";
import { compareScale } from "./compatibility.js";

/** A numeric scale from `min` to `max` (radio buttons), with labelled ends and an optional «non so». */
export type ScaleQuestion = Extract<Question, { type: "scale" }>;

/** A point of a scale from `min` to `max`, or «non so» when allowed (shared with the star rating). */
export function parsePoint(
  q: Question,
  min: number,
  max: number,
  dontKnow: boolean,
  { body, lang }: ParseInput,
): Parsed {
  const out = emptyParsed();
  const fail = failer(q, out, lang);
  const value = single(body[q.id]);
  if (value === null) return fail("outOfScale", { min, max });
  if (value === "") return q.required ? fail("required") : out;
  if (dontKnow && value === DONT_KNOW) return ((out.answers[q.id] = value), out);
  if (!/^\d{1,2}$/.test(value) || +value < min || +value > max) return fail("outOfScale", { min, max });
  out.answers[q.id] = String(+value);
  return out;
}

/** The stored check of a point (shared with the star rating): the points parsePoint writes back as they are. */
export function storedPoint(q: Question, min: number, max: number, dontKnow: boolean): StoredCheck {
  const points = new Set(pointValues(min, max, dontKnow).filter((v) => v === DONT_KNOW || /^\d{1,2}$/.test(v)));
  return storedValue(q, (value) => points.has(value));
}

/** The categories of a scale: every point, then «non so». */
export function pointValues(min: number, max: number, dontKnow: boolean): string[] {
  const values = Array.from({ length: max - min + 1 }, (_, i) => String(min + i));
  if (dontKnow) values.push(DONT_KNOW);
  return values;
}

export const scaleKind: Kind<ScaleQuestion> = {
  names: ["una scala", "una scala"],
  designer: {
    label: "Scala numerica (ad esempio da 1 a 10)",
    fields: ["min", "max", "minLabel", "maxLabel", "dontKnow"],
  },
  grouped: () => true,
  choices: () => [],
  paperChoices: (q) => scalePoints(q.min, q.max, q.dontKnow),
  firstField: (q) => q.id,
  condition: "number",
  check(q, { path, report }) {
    if (q.min >= q.max) report(`${path}.max`, "max deve essere maggiore di min");
  },
  compatible(q, old, { path, name, version, report }) {
    compareScale(q, old, path, `${name} era una scala`, version, report);
  },
  keys: (q) => [q.id],
  parse: (q, input) => parsePoint(q, q.min, q.max, q.dontKnow, input),
  stored: (q) => storedPoint(q, q.min, q.max, q.dontKnow),
  columns: (q) => [{ key: q.id, questionId: q.id, part: "value" }],
  codebook: (q) => ({
    type: q.type,
    label: q.label,
    values: scalePoints(q.min, q.max, q.dontKnow),
    note: `da ${q.min} a ${q.max}${q.dontKnow ? `; ${DONT_KNOW} = non so` : ""}`,
  }),
  summary(q, _survey, answers, lang) {
    const value = answers[q.id];
    if (value === undefined) return [];
    if (q.dontKnow && value === DONT_KNOW) return [{ label: "", value: lang === "it" ? "Non so" : "Don't know" }];
    return [{ label: "", value }];
  },
  report: {
    keys: (q) => [q.id],
    categories: (q) => pointValues(q.min, q.max, q.dontKnow),
    multiple: false,
    numeric: () => true,
    labels: () => [],
  },
};
