import { choicesOf } from "../options.js";
import type { Question } from "../schema.js";
import { allChoiceValues, choiceCodebook } from "./choices.js";
import {
  allowed,
  choiceLabel,
  emptyParsed,
  failer,
  multiple,
  NO_ANSWER,
  storedOther,
  valueColumns,
  withOther,
} from "./fields.js";
import type { Kind } from "./kind.js";
import { checkChoices } from "./checks.js";
import { compareChoices } from "./compatibility.js";

/** Several choices (check boxes), within `min`…`max`; an exclusive choice («nessuno») stands alone. */
export type MultiQuestion = Extract<Question, { type: "multi" }>;

export const multiKind: Kind<MultiQuestion> = {
  names: ["a scelta multipla", "una domanda a scelta multipla"],
  designer: { label: "Scelta multipla", fields: ["choices", "choicesFrom", "min", "max", "other"] },
  grouped: () => true,
  choices: (q, survey) => choicesOf(q, survey.catalogue),
  firstField: (q) => q.id,
  condition: "choice",
  check(q, input) {
    const choices = checkChoices(q, input);
    if (q.min !== undefined && q.max !== undefined && q.min > q.max)
      input.report(`${input.path}.min`, "min è maggiore di max");
    if (q.max !== undefined && q.max > choices.length)
      input.report(`${input.path}.max`, "max supera il numero di scelte");
  },
  compatible: compareChoices,
  formFields: (q, value) => ({ [q.id]: value.split(" ") }),
  keys: (q) => [q.id],
  parse(q, { survey, body, lang }) {
    const out = emptyParsed();
    const fail = failer(q, out, lang);
    const values = multiple(body[q.id]);
    if (values === null) return fail("invalidChoice");
    if (values.length === 0)
      return q.required || (q.min ?? 0) > 0 ? fail(q.min ? "tooFew" : "required", { n: q.min ?? 1 }) : out;
    const choices = choicesOf(q, survey.catalogue);
    const valid = allowed(choices, q.other);
    if (values.some((v) => !valid.has(v))) return fail("invalidChoice");
    const exclusive = choices.find((c) => c.exclusive && values.includes(c.value));
    if (exclusive && values.length > 1) return fail("exclusive", { label: exclusive.label[lang] });
    if (q.min !== undefined && values.length < q.min && !exclusive) return fail("tooFew", { n: q.min });
    if (q.max !== undefined && values.length > q.max) return fail("tooMany", { n: q.max });
    // Stored in the order of the definition, so equal answers are equal strings.
    const order = [...choices.map((c) => c.value), "other"];
    out.answers[q.id] = order.filter((v) => values.includes(v)).join(" ");
    return withOther(q, body, out, lang, values.includes("other"));
  },
  stored(q, survey) {
    const choices = choicesOf(q, survey.catalogue);
    // A choice valued «other» would be stored twice in parse's order: such a question is always parsed.
    if (choices.some((c) => c.value === "other")) return () => null;
    // Each allowed value's place in the stored order: a stored answer lists them in increasing place, once each.
    const place = new Map(choices.map((c, i) => [c.value, i]));
    if (q.other) place.set("other", choices.length);
    const exclusive = new Set(choices.filter((c) => c.exclusive).map((c) => c.value));
    return (answers) => {
      const value = answers[q.id];
      if (value === undefined) return q.required || (q.min ?? 0) > 0 ? null : NO_ANSWER;
      if (typeof value !== "string") return null;
      const values = value.split(" ");
      let last = -1;
      let alone = false;
      for (const v of values) {
        const at = place.get(v);
        if (at === undefined || at <= last) return null;
        last = at;
        if (exclusive.has(v)) alone = true;
      }
      if (alone && values.length > 1) return null;
      if (q.min !== undefined && values.length < q.min && !alone) return null;
      if (q.max !== undefined && values.length > q.max) return null;
      if (!q.other || last !== choices.length) return { [q.id]: value };
      const other = storedOther(q, answers);
      return other === null ? null : { [q.id]: value, [`${q.id}/other`]: other };
    };
  },
  columns: (q) => valueColumns(q),
  codebook: (q, _column, survey) => ({
    type: q.type,
    label: q.label,
    ...choiceCodebook(q, survey.catalogue, "più valori separati da uno spazio"),
  }),
  summary(q, survey, answers, lang) {
    const value = answers[q.id];
    if (value === undefined) return [];
    const choices = choicesOf(q, survey.catalogue);
    return [
      {
        label: "",
        value: value
          .split(" ")
          .map((v) => choiceLabel(q, choices, answers, v, lang))
          .join("; "),
      },
    ];
  },
  report: {
    keys: (q) => [q.id],
    categories: (q, survey) => allChoiceValues(q, survey),
    multiple: true,
    numeric: () => false,
    labels: (q, survey) => choicesOf(q, survey.catalogue),
  },
};
