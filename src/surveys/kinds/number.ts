import type { Question } from "../schema.js";
import { emptyParsed, failer, parseNumber, single, storedValue } from "./fields.js";
import type { Kind } from "./kind.js";
import { noCheck } from "./checks.js";

/** A number typed in (a decimal comma accepted), within `min`…`max`, whole when `integer`. */
export type NumberQuestion = Extract<Question, { type: "number" }>;

export const numberKind: Kind<NumberQuestion> = {
  names: ["numerica", "una domanda numerica"],
  designer: { label: "Numero", fields: ["min", "max", "integer", "unit"] },
  grouped: () => false,
  choices: () => [],
  firstField: (q) => q.id,
  condition: "number",
  check(q, { path, report }) {
    if (q.min !== undefined && q.max !== undefined && q.min > q.max) report(`${path}.min`, "min è maggiore di max");
  },
  compatible: noCheck,
  keys: (q) => [q.id],
  parse(q, { body, lang }) {
    const out = emptyParsed();
    const fail = failer(q, out, lang);
    const value = single(body[q.id]);
    if (value === null) return fail("notNumber");
    if (value === "") return q.required ? fail("required") : out;
    const n = parseNumber(value);
    if (n === null) return fail("notNumber");
    if (q.integer && !Number.isInteger(n)) return fail("notInteger");
    if (q.min !== undefined && n < q.min) return fail("numberMin", { n: q.min });
    if (q.max !== undefined && n > q.max) return fail("numberMax", { n: q.max });
    out.answers[q.id] = String(n);
    return out;
  },
  stored: (q) =>
    storedValue(q, (value) => {
      const n = parseNumber(value);
      if (n === null || String(n) !== value) return false;
      return (
        (!q.integer || Number.isInteger(n)) &&
        !(q.min !== undefined && n < q.min) &&
        !(q.max !== undefined && n > q.max)
      );
    }),
  columns: (q) => [{ key: q.id, questionId: q.id, part: "value" }],
  codebook: (q) => ({
    type: q.type,
    label: q.label,
    values: [],
    note: [
      "numero",
      q.integer ? "intero" : "",
      q.min !== undefined ? `da ${q.min}` : "",
      q.max !== undefined ? `a ${q.max}` : "",
    ]
      .filter(Boolean)
      .join(" "),
  }),
  summary(q, _survey, answers, lang) {
    const value = answers[q.id];
    return value === undefined
      ? []
      : [{ label: "", value: Number(value).toLocaleString(lang === "it" ? "it-IT" : "en-GB") }];
  },
  report: null,
};
