import type { Question, QuestionType } from "../schema.js";
import { dateKind } from "./date.js";
import type { Kind } from "./kind.js";
import { matrixKind } from "./matrix.js";
import { maxdiffKind } from "./maxdiff.js";
import { multiKind } from "./multi.js";
import { numberKind } from "./number.js";
import { rankingKind } from "./ranking.js";
import { ratingKind } from "./rating.js";
import { scaleKind } from "./scale.js";
import { singleKind } from "./single.js";
import { textKind } from "./text.js";
import { textareaKind } from "./textarea.js";

/**
 * Every question type of the definition schema and its kind. The mapped type makes the compiler
 * refuse a type without a kind; the order is the designer's list of types.
 */
export const KINDS: { readonly [K in QuestionType]: Kind<Extract<Question, { type: K }>> } = {
  single: singleKind,
  multi: multiKind,
  scale: scaleKind,
  matrix: matrixKind,
  ranking: rankingKind,
  number: numberKind,
  date: dateKind,
  text: textKind,
  textarea: textareaKind,
  rating: ratingKind,
  maxdiff: maxdiffKind,
};

export const QUESTION_KINDS = Object.keys(KINDS) as QuestionType[];

/** The kind of a question, typed for it (one place where the union is narrowed for every hook). */
export function kindOf<Q extends Question>(q: Q): Kind<Q> {
  return KINDS[q.type] as unknown as Kind<Q>;
}

export function isQuestionType(value: unknown): value is QuestionType {
  return typeof value === "string" && Object.hasOwn(KINDS, value);
}

export type { Kind } from "./kind.js";
