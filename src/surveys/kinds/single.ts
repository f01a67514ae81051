import { choicesOf } from "../options.js";
import type { Question } from "../schema.js";
import { allChoiceValues, choiceCodebook } from "./choices.js";
import {
  allowed,
  choiceLabel,
  emptyParsed,
  failer,
  NO_ANSWER,
  single,
  storedOther,
  valueColumns,
  withOther,
} from "./fields.js";
import type { Kind } from "./kind.js";
import { checkChoices } from "./checks.js";
import { compareChoices } from "./compatibility.js";

/** One choice among several, as radio buttons or a drop-down list; an «other, please specify» text on request. */
export type SingleQuestion = Extract<Question, { type: "single" }>;

export const singleKind: Kind<SingleQuestion> = {
  names: ["a scelta singola", "una domanda a scelta singola"],
  designer: { label: "Scelta singola", fields: ["choices", "choicesFrom", "display", "other"] },
  grouped: (q) => q.display !== "select",
  choices: (q, survey) => choicesOf(q, survey.catalogue),
  firstField: (q) => q.id,
  condition: "choice",
  check: (q, input) => void checkChoices(q, input),
  compatible: compareChoices,
  keys: (q) => [q.id],
  parse(q, { survey, body, lang }) {
    const out = emptyParsed();
    const fail = failer(q, out, lang);
    const value = single(body[q.id]);
    if (value === null) return fail("invalidChoice");
    if (value === "") return q.required ? fail("required") : out;
    if (!allowed(choicesOf(q, survey.catalogue), q.other).has(value)) return fail("invalidChoice");
    out.answers[q.id] = value;
    return withOther(q, body, out, lang, value === "other");
  },
  stored(q, survey) {
    const valid = allowed(choicesOf(q, survey.catalogue), q.other);
    return (answers) => {
      const value = answers[q.id];
      if (value === undefined) return q.required ? null : NO_ANSWER;
      if (!valid.has(value)) return null;
      if (value !== "other") return { [q.id]: value };
      const other = storedOther(q, answers);
      return other === null ? null : { [q.id]: value, [`${q.id}/other`]: other };
    };
  },
  columns: (q) => valueColumns(q),
  codebook: (q, _column, survey) => ({ type: q.type, label: q.label, ...choiceCodebook(q, survey.catalogue, "") }),
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
    multiple: false,
    numeric: () => false,
    labels: (q, survey) => choicesOf(q, survey.catalogue),
  },
};
