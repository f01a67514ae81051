import type { Question } from "../schema.js";
import { emptyParsed, failer, isIsoDate, italianDate, single, storedValue, toIsoDate } from "./fields.js";
import type { Kind } from "./kind.js";
import { noCheck } from "./checks.js";

/** A calendar date, stored as yyyy-mm-dd, within `min`…`max`. */
export type DateQuestion = Extract<Question, { type: "date" }>;

export const dateKind: Kind<DateQuestion> = {
  names: ["una data", "una data"],
  designer: { label: "Data", fields: ["min", "max"] },
  grouped: () => false,
  choices: () => [],
  firstField: (q) => q.id,
  condition: "answered",
  check(q, { path, report }) {
    if (q.min && q.max && q.min > q.max) report(`${path}.min`, "min è successiva a max");
  },
  compatible: noCheck,
  keys: (q) => [q.id],
  parse(q, { body, lang }) {
    const out = emptyParsed();
    const fail = failer(q, out, lang);
    const value = single(body[q.id]);
    if (value === null) return fail("notDate");
    if (value === "") return q.required ? fail("required") : out;
    const iso = toIsoDate(value);
    if (!iso) return fail("notDate");
    if (q.min && iso < q.min) return fail("dateMin", { d: italianDate(q.min) });
    if (q.max && iso > q.max) return fail("dateMax", { d: italianDate(q.max) });
    out.answers[q.id] = iso;
    return out;
  },
  stored: (q) => storedValue(q, (value) => isIsoDate(value) && !(q.min && value < q.min) && !(q.max && value > q.max)),
  columns: (q) => [{ key: q.id, questionId: q.id, part: "value" }],
  codebook: (q) => ({ type: q.type, label: q.label, values: [], note: "data AAAA-MM-GG" }),
  summary(q, _survey, answers) {
    const value = answers[q.id];
    return value === undefined ? [] : [{ label: "", value }];
  },
  report: null,
};
