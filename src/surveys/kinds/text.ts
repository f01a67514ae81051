import type { Question } from "../schema.js";
import { cleanText, emptyParsed, failer, isStoredText, single, storedValue } from "./fields.js";
import type { Kind, Parsed, ParseInput, StoredCheck } from "./kind.js";
import { noCheck } from "./checks.js";

/** A short text on one line, at most `maxLength` characters. */
export type TextQuestion = Extract<Question, { type: "text" }>;

/** A free text, cleaned of control characters (line breaks kept only when `multiline`); shared with textarea. */
export function parseText(q: Question & { maxLength: number }, multiline: boolean, { body, lang }: ParseInput): Parsed {
  const out = emptyParsed();
  const fail = failer(q, out, lang);
  const value = single(body[q.id]);
  if (value === null) return fail("required");
  const text = cleanText(value, multiline);
  if (text === "") return q.required ? fail("required") : out;
  if ([...text].length > q.maxLength) return fail("tooLong", { n: q.maxLength });
  out.answers[q.id] = text;
  return out;
}

/** The stored check of a text (shared with textarea): a text already cleaned and within its length. */
export function storedText(q: Question & { maxLength: number }, multiline: boolean): StoredCheck {
  return storedValue(q, (value) => isStoredText(value, multiline, q.maxLength));
}

/** A free-text kind: text and textarea differ only in their names and whether line breaks are kept. */
export function freeTextKind<Q extends Question & { maxLength: number }>(
  names: readonly [string, string],
  label: string,
  multiline: boolean,
): Kind<Q> {
  return {
    names,
    designer: { label, fields: ["maxLength"] },
    grouped: () => false,
    choices: () => [],
    firstField: (q) => q.id,
    condition: "answered",
    check: noCheck,
    compatible: noCheck,
    keys: (q) => [q.id],
    parse: (q, input) => parseText(q, multiline, input),
    stored: (q) => storedText(q, multiline),
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
}

export const textKind = freeTextKind<TextQuestion>(
  ["a testo breve", "una domanda a testo breve"],
  "Testo breve",
  false,
);
