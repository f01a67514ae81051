import type { FieldError, FormBody } from "../answers.js";
import { message, type Lang, type MessageKey } from "../messages.js";
import type { Answers } from "../options.js";
import type { Choice, Question } from "../schema.js";
import type { Parsed, StoredCheck } from "./kind.js";

/** The field helpers the kinds share: reading form fields, failing with a message, the «other» text. */

/** A function that records an error on a field (the question's own by default) and returns the result. */
export type Fail = (key: MessageKey, params?: Record<string, string | number>, field?: string) => Parsed;

export function failer(q: Question, out: Parsed, lang: Lang): Fail {
  return (key, params = {}, field = q.id) => {
    out.errors.push({ question: q.id, field, message: message(lang, key, params) });
    return out;
  };
}

export function emptyParsed(): Parsed {
  return { answers: {}, errors: [] as FieldError[] };
}

/** A field sent once, or "" when absent; null when a script sent something a form can't (an array, an object). */
export function single(value: unknown): string | null {
  if (value === undefined) return "";
  return typeof value === "string" ? value.trim() : null;
}

export function multiple(value: unknown): string[] | null {
  if (value === undefined || value === "") return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === "string")) return null;
  return [...new Set(list.map((v: string) => v.trim()).filter(Boolean))];
}

export function allowed(choices: Choice[], other: boolean): Set<string> {
  const values = new Set(choices.map((c) => c.value));
  if (other) values.add("other");
  return values;
}

export function withOther(q: Question, body: FormBody, out: Parsed, lang: Lang, otherChosen: boolean): Parsed {
  if (!otherChosen) return out;
  const field = `${q.id}/other`;
  const text = cleanText(single(body[field]) ?? "", false);
  if (text === "") out.errors.push({ question: q.id, field, message: message(lang, "otherMissing") });
  else if ([...text].length > 200)
    out.errors.push({ question: q.id, field, message: message(lang, "tooLong", { n: 200 }) });
  else out.answers[field] = text;
  return out;
}

/** What a stored check returns for a question left unanswered that may be: no answers (shared, never written). */
export const NO_ANSWER: Readonly<Answers> = Object.freeze({});

/** The stored check of a kind answered by one value: `accept` says whether a stored value is one `parse` keeps as it is. */
export function storedValue(q: Question, accept: (value: string) => boolean): StoredCheck {
  return (answers) => {
    const value = answers[q.id];
    if (value === undefined) return q.required ? null : NO_ANSWER;
    return typeof value === "string" && accept(value) ? { [q.id]: value } : null;
  };
}

/** A stored «other» text that withOther keeps as it is, or null (missing, too long, not in cleaned form). */
export function storedOther(q: Question, answers: Answers): string | null {
  const text = answers[`${q.id}/other`];
  return typeof text === "string" && isStoredText(text, false, 200) ? text : null;
}

/** Whether a stored text is what cleanText and the length check leave unchanged (never empty). */
export function isStoredText(text: string, multiline: boolean, maxLength: number): boolean {
  if (text === "" || cleanText(text, multiline) !== text) return false;
  return text.length <= maxLength || [...text].length <= maxLength;
}

/** Control characters have no place in an answer; line breaks only in long texts. */
export function cleanText(value: string, multiline: boolean): string {
  const normalised = value.normalize("NFC").replace(/\r\n?/g, "\n");
  const stripped = multiline
    ? normalised.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "")
    : normalised.replace(/[\u0000-\u001F\u007F]/g, " ");
  return stripped.trim();
}

/** Accepts "12", "-3", "3,5" and "3.5": Italian respondents write a decimal comma. */
export function parseNumber(text: string): number | null {
  const normalised = text.replace(/\s/g, "").replace(",", ".");
  if (!/^-?\d{1,15}(\.\d{1,10})?$/.test(normalised)) return null;
  return Number(normalised);
}

/**
 * A date input sends yyyy-mm-dd; a browser without one lets people type the date as they
 * write it in Italy (31/03/2025, 31-3-2025, 31.03.2025). Both become the stored ISO date.
 */
export function toIsoDate(text: string): string | null {
  if (isIsoDate(text)) return text;
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, "0")}-${m[1].padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

export function italianDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The label of a stored choice value; «Altro: …» for the other text. */
export function choiceLabel(
  q: Question,
  choices: readonly Choice[],
  answers: Answers,
  value: string,
  lang: Lang,
): string {
  if (value === "other") return `${lang === "it" ? "Altro" : "Other"}: ${answers[`${q.id}/other`] ?? ""}`;
  return choices.find((c) => c.value === value)?.label[lang] ?? value;
}

/** The one value column of a question, and its «other» text when it has one. */
export function valueColumns(
  q: Question & { other?: boolean },
): { key: string; questionId: string; part: "value" | "other" }[] {
  const columns: { key: string; questionId: string; part: "value" | "other" }[] = [
    { key: q.id, questionId: q.id, part: "value" },
  ];
  if (q.other) columns.push({ key: `${q.id}/other`, questionId: q.id, part: "other" });
  return columns;
}
