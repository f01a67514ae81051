import type { FieldError } from "../../surveys/answers.js";
import type { Question, Text } from "../../surveys/schema.js";
import { fieldId } from "./field-id.js";

/** One line of a form's error summary (views/partials/error-summary.ejs): a link to the field when it has one. */
export interface SummaryItem {
  href?: string;
  text: string;
  /** Shown in brackets after a line without a link (the path of a problem in a definition). */
  note?: string;
}

/** The link to a form field: its id (fieldId) as a fragment. */
export const fieldAnchor = (field: string): string => `#${fieldId(field)}`;

/**
 * The summary's lines for the fields in error, in `order` (the form's order; by default the errors'
 * own), each linking to its field; `labels`, when given, name the field before the message.
 */
export function errorLinks(
  errors: Readonly<Record<string, string | undefined>>,
  order: readonly string[] = Object.keys(errors),
  labels?: Readonly<Record<string, string>>,
): SummaryItem[] {
  return order.flatMap((field) => {
    const message = errors[field];
    if (!message) return [];
    return [{ href: fieldAnchor(field), text: labels ? `${labels[field]}: ${message}` : message }];
  });
}

/**
 * The summary's lines for a questionnaire page refused with answers to correct (the survey form and the
 * operator's entry screen): «question — message», each linking to the control in error. `label` gives a
 * question's text in the page's language.
 */
export function answerErrorLinks(
  errors: readonly FieldError[],
  questions: readonly { q: Question }[],
  label: (text: Text) => string,
): SummaryItem[] {
  const labels = new Map(questions.map((qv) => [qv.q.id, label(qv.q.label)]));
  return errors.map((e) => ({ href: fieldAnchor(e.field), text: `${labels.get(e.question) ?? ""} — ${e.message}` }));
}
