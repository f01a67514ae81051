import { isAsked, ownsKey } from "./flow.js";
import { parseMaxdiff } from "./kinds/maxdiff.js";
import type { LoadedSurvey } from "./loader.js";
import { message, type Lang, type MessageKey } from "./messages.js";
import { choicesOf, columnsOf, rowsOf, type Answers } from "./options.js";
import { DONT_KNOW, type Choice, type Page, type Question } from "./schema.js";

export interface FieldError {
  question: string;
  /** The form field the message belongs to (the id of the input the summary links to). */
  field: string;
  message: string;
}

export type FormBody = Record<string, unknown>;

/**
 * Turns the submitted fields of one page into stored answers, or field errors.
 * Only the questions asked on this page are read: anything else in the body is ignored,
 * and answers to questions hidden by an earlier answer on the same page are dropped.
 */
export function parsePage(
  survey: LoadedSurvey,
  page: Page,
  body: FormBody,
  previous: Answers,
  lang: Lang,
): { answers: Answers; errors: FieldError[] } {
  const context: Answers = dropPage(previous, page);
  const answers: Answers = {};
  const errors: FieldError[] = [];
  for (const question of page.questions) {
    if (!isAsked(survey, question, context)) continue;
    const result = parseQuestion(survey, question, body, context, lang);
    for (const [key, value] of Object.entries(result.answers)) {
      answers[key] = value;
      context[key] = value;
    }
    errors.push(...result.errors);
  }
  return { answers, errors };
}

/** The previous answers without those of this page, which the submitted form replaces. */
export function dropPage(previous: Answers, page: Page): Answers {
  const kept: Answers = {};
  for (const [key, value] of Object.entries(previous)) {
    if (!page.questions.some((q) => ownsKey(q, key))) kept[key] = value;
  }
  return kept;
}

type Parsed = { answers: Answers; errors: FieldError[] };

function parseQuestion(survey: LoadedSurvey, q: Question, body: FormBody, context: Answers, lang: Lang): Parsed {
  const out: Parsed = { answers: {}, errors: [] };
  const fail = (key: MessageKey, params: Record<string, string | number> = {}, field = q.id): Parsed => {
    out.errors.push({ question: q.id, field, message: message(lang, key, params) });
    return out;
  };
  switch (q.type) {
    case "single": {
      const value = single(body[q.id]);
      if (value === null) return fail("invalidChoice");
      if (value === "") return q.required ? fail("required") : out;
      if (!allowed(choicesOf(q, survey.catalogue), q.other).has(value)) return fail("invalidChoice");
      out.answers[q.id] = value;
      return withOther(q, body, out, lang, value === "other");
    }
    case "multi": {
      const values = multiple(body[q.id]);
      if (values === null) return fail("invalidChoice");
      if (values.length === 0) return q.required || (q.min ?? 0) > 0 ? fail(q.min ? "tooFew" : "required", { n: q.min ?? 1 }) : out;
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
    }
    case "scale":
    case "rating": {
      const [min, max, dk] = q.type === "scale" ? [q.min, q.max, q.dontKnow] : [1, 5, false];
      const value = single(body[q.id]);
      if (value === null) return fail("outOfScale", { min, max });
      if (value === "") return q.required ? fail("required") : out;
      if (dk && value === DONT_KNOW) return (out.answers[q.id] = value), out;
      if (!/^\d{1,2}$/.test(value) || +value < min || +value > max) return fail("outOfScale", { min, max });
      out.answers[q.id] = String(+value);
      return out;
    }
    case "matrix": {
      const columns = new Set(columnsOf(q).map((c) => c.value));
      for (const row of rowsOf(q, survey.definition, survey.catalogue, context)) {
        const key = `${q.id}/${row.value}`;
        const value = single(body[key]);
        if (value === null || (value !== "" && !columns.has(value))) fail("invalidChoice", {}, key);
        else if (value === "") {
          if (q.required) fail("requiredRow", {}, key);
        } else out.answers[key] = value;
      }
      return out;
    }
    case "ranking":
      return parseRanking(q, choicesOf(q, survey.catalogue), body, out, fail);
    case "maxdiff":
      return parseMaxdiff(q, survey.catalogue, body, lang);
    case "number": {
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
    }
    case "date": {
      const value = single(body[q.id]);
      if (value === null) return fail("notDate");
      if (value === "") return q.required ? fail("required") : out;
      const iso = toIsoDate(value);
      if (!iso) return fail("notDate");
      if (q.min && iso < q.min) return fail("dateMin", { d: italianDate(q.min) });
      if (q.max && iso > q.max) return fail("dateMax", { d: italianDate(q.max) });
      out.answers[q.id] = iso;
      return out;
    }
    case "text":
    case "textarea": {
      const value = single(body[q.id]);
      if (value === null) return fail("required");
      const text = cleanText(value, q.type === "textarea");
      if (text === "") return q.required ? fail("required") : out;
      if ([...text].length > q.maxLength) return fail("tooLong", { n: q.maxLength });
      out.answers[q.id] = text;
      return out;
    }
  }
}

function parseRanking(
  q: Extract<Question, { type: "ranking" }>,
  choices: Choice[],
  body: FormBody,
  out: Parsed,
  fail: (key: MessageKey, params?: Record<string, string | number>, field?: string) => Parsed,
): Parsed {
  const valid = new Set(choices.map((c) => c.value));
  const picked: string[] = [];
  let gap = false;
  for (let position = 1; position <= q.size; position++) {
    const field = `${q.id}/${position}`;
    const value = single(body[field]);
    if (value === null || (value !== "" && !valid.has(value))) return fail("invalidChoice", {}, field);
    if (value === "") gap = true;
    else if (gap) return fail("rankGap", {}, `${q.id}/1`);
    else if (picked.includes(value)) return fail("rankDuplicate", {}, field);
    else picked.push(value);
  }
  const min = q.min ?? (q.required ? 1 : 0);
  if (picked.length < min) return fail(picked.length === 0 && min === 1 ? "required" : "rankTooFew", { n: min }, `${q.id}/${picked.length + 1}`);
  if (picked.length) out.answers[q.id] = picked.join(" ");
  return out;
}

function withOther(q: Question, body: FormBody, out: Parsed, lang: Lang, otherChosen: boolean): Parsed {
  if (!otherChosen) return out;
  const field = `${q.id}/other`;
  const text = cleanText(single(body[field]) ?? "", false);
  if (text === "") out.errors.push({ question: q.id, field, message: message(lang, "otherMissing") });
  else if ([...text].length > 200) out.errors.push({ question: q.id, field, message: message(lang, "tooLong", { n: 200 }) });
  else out.answers[field] = text;
  return out;
}

function allowed(choices: Choice[], other: boolean): Set<string> {
  const values = new Set(choices.map((c) => c.value));
  if (other) values.add("other");
  return values;
}

/** A field sent once, or "" when absent; null when a script sent something a form can't (an array, an object). */
function single(value: unknown): string | null {
  if (value === undefined) return "";
  return typeof value === "string" ? value.trim() : null;
}

function multiple(value: unknown): string[] | null {
  if (value === undefined || value === "") return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === "string")) return null;
  return [...new Set(list.map((v: string) => v.trim()).filter(Boolean))];
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

function italianDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Control characters have no place in an answer; line breaks only in long texts. */
function cleanText(value: string, multiline: boolean): string {
  const normalised = value.normalize("NFC").replace(/\r\n?/g, "\n");
  const stripped = multiline
    ? normalised.replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, "")
    : normalised.replace(/[\u0000-\u001F\u007F]/g, " ");
  return stripped.trim();
}
