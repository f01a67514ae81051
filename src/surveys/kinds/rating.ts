import { scalePoints } from "../options.js";
import type { Question } from "../schema.js";
import type { Kind } from "./kind.js";
import { parsePoint, pointValues, storedPoint } from "./scale.js";
import { noCheck } from "./checks.js";

/** One to five stars. */
export type RatingQuestion = Extract<Question, { type: "rating" }>;

export const ratingKind: Kind<RatingQuestion> = {
  names: ["una valutazione a stelle", "una valutazione a stelle"],
  designer: { label: "Valutazione a stelle (da 1 a 5)", fields: [] },
  grouped: () => true,
  choices: () => [],
  paperChoices: () => scalePoints(1, 5, false),
  firstField: (q) => q.id,
  condition: "number",
  check: noCheck,
  compatible: noCheck,
  keys: (q) => [q.id],
  parse: (q, input) => parsePoint(q, 1, 5, false, input),
  stored: (q) => storedPoint(q, 1, 5, false),
  columns: (q) => [{ key: q.id, questionId: q.id, part: "value" }],
  codebook: (q) => ({ type: q.type, label: q.label, values: scalePoints(1, 5, false), note: "stelle da 1 a 5" }),
  summary(q, _survey, answers) {
    const value = answers[q.id];
    return value === undefined ? [] : [{ label: "", value: `${value}/5` }];
  },
  report: {
    keys: (q) => [q.id],
    categories: () => pointValues(1, 5, false),
    multiple: false,
    numeric: () => true,
    labels: () => [],
  },
};
