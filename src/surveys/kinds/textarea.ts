import type { Question } from "../schema.js";
import type { Kind } from "./kind.js";
import { parseText, storedText } from "./text.js";
import { noCheck } from "./checks.js";

/** A long text on several lines, at most `maxLength` characters. */
export type TextareaQuestion = Extract<Question, { type: "textarea" }>;

export const textareaKind: Kind<TextareaQuestion> = {
  names: ["a testo lungo", "una domanda a testo lungo"],
  designer: { label: "Testo lungo", fields: ["maxLength"] },
  grouped: () => false,
  choices: () => [],
  firstField: (q) => q.id,
  condition: "answered",
  check: noCheck,
  compatible: noCheck,
  keys: (q) => [q.id],
  parse: (q, input) => parseText(q, true, input),
  stored: (q) => storedText(q, true),
  columns: (q) => [{ key: q.id, questionId: q.id, part: "value" }],
  codebook: (q) => ({
    type: q.type,
    label: q.label,
    values: [],
    note: `testo libero (al massimo ${q.maxLength} caratteri)`,
  }),
  summary(q, _survey, answers) {
    const value = answers[q.id];
    return value === undefined ? [] : [{ label: "", value }];
  },
  report: null,
};
