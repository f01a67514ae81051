import type { Question } from "../schema.js";
import { freeTextKind } from "./text.js";

/** A long text on several lines, at most `maxLength` characters. */
export type TextareaQuestion = Extract<Question, { type: "textarea" }>;

export const textareaKind = freeTextKind<TextareaQuestion>(
  ["a testo lungo", "una domanda a testo lungo"],
  "Testo lungo",
  true,
);
