import { kindOf } from "../../surveys/kinds/index.js";
import { choicesOf } from "../../surveys/options.js";
import type { DraftSurvey } from "../../surveys/draft-survey.js";
import type { Catalogue, Choice, Condition, LeafCondition, Question } from "../../surveys/schema.js";

/**
 * Conditions as the designer edits them: a list of simple comparisons joined by "all" or
 * "any". A condition of another shape (written in a JSON file) is shown and can be removed,
 * not edited here.
 */
export const OPERATORS = [
  { op: "equals", label: "è uguale a" },
  { op: "in", label: "è una tra" },
  { op: "gte", label: "è almeno" },
  { op: "lte", label: "è al massimo" },
  { op: "answered", label: "ha una risposta" },
  { op: "unanswered", label: "non ha risposta" },
] as const;
export type Operator = (typeof OPERATORS)[number]["op"];

export interface EditableCondition {
  join: "all" | "any";
  leaves: LeafCondition[];
}

export function editable(condition: Condition | undefined): EditableCondition | null {
  if (!condition) return { join: "all", leaves: [] };
  if ("question" in condition) return { join: "all", leaves: [condition] };
  const list = "all" in condition ? condition.all : "any" in condition ? condition.any : null;
  if (!list || !list.every((c) => "question" in c)) return null;
  return { join: "all" in condition ? "all" : "any", leaves: list };
}

export function toCondition(edit: EditableCondition): Condition | undefined {
  if (edit.leaves.length === 0) return undefined;
  if (edit.leaves.length === 1) return edit.leaves[0];
  return edit.join === "all" ? { all: edit.leaves } : { any: edit.leaves };
}

/** The operators that make sense for a question of this type. */
export function operatorsFor(q: Question): Operator[] {
  const by = kindOf(q).condition;
  if (by === "choice") return ["equals", "in", "answered", "unanswered"];
  if (by === "number") return ["equals", "gte", "lte", "answered", "unanswered"];
  return ["answered", "unanswered"];
}

/** The values an author picks from, when the question has a list of them. */
export function valuesFor(q: Question, catalogue: Catalogue | undefined): Choice[] | null {
  return kindOf(q).condition === "choice"
    ? choicesOf(q as { choices?: Choice[]; choicesFrom?: "catalogue" }, catalogue)
    : null;
}

/** A comparison from the form; null when the operator needs a value that is missing or not a number. */
export function leafFromForm(q: Question, operator: string, values: string[], typed: string): LeafCondition | null {
  if (!(operatorsFor(q) as string[]).includes(operator)) return null;
  if (operator === "answered") return { question: q.id, answered: true };
  if (operator === "unanswered") return { question: q.id, answered: false };
  const picked = values.filter(Boolean);
  if (kindOf(q).condition === "choice") {
    if (operator === "equals" && picked.length === 1) return { question: q.id, equals: picked[0] };
    if (operator === "in" && picked.length >= 1) return { question: q.id, in: picked };
    return null;
  }
  const n = Number(typed.trim().replace(",", "."));
  if (typed.trim() === "" || !Number.isFinite(n)) return null;
  if (operator === "equals") return { question: q.id, equals: n };
  return operator === "gte" ? { question: q.id, gte: n } : { question: q.id, lte: n };
}

/** A condition in plain Italian, for the overview and the preview. */
export function describeCondition(
  condition: Condition,
  labelOf: (questionId: string, value?: string) => string,
): string {
  if ("all" in condition) return condition.all.map((c) => describeCondition(c, labelOf)).join(" e ");
  if ("any" in condition) return condition.any.map((c) => describeCondition(c, labelOf)).join(" oppure ");
  if ("not" in condition) return `non (${describeCondition(condition.not, labelOf)})`;
  const who = `«${labelOf(condition.question)}»`;
  if (condition.answered !== undefined) return `${who} ${condition.answered ? "ha una risposta" : "non ha risposta"}`;
  if (condition.equals !== undefined) return `${who} è «${labelOf(condition.question, String(condition.equals))}»`;
  if (condition.in)
    return `${who} è una tra ${condition.in.map((v) => `«${labelOf(condition.question, String(v))}»`).join(", ")}`;
  if (condition.gte !== undefined) return `${who} è almeno ${condition.gte}`;
  return `${who} è al massimo ${condition.lte}`;
}

/** Question labels and choice labels by id, for conditions written in words. */
export function labeller(draft: DraftSurvey, catalogue: Catalogue | undefined): (id: string, value?: string) => string {
  const all = draft.pages.flatMap((p) => p.questions);
  return (id, value) => {
    const q = all.find((x) => x.id === id.split("/")[0]);
    if (value === undefined) return q ? q.label.it : id;
    const options = q ? (valuesFor(q, catalogue) ?? []) : [];
    return options.find((c) => c.value === value)?.label.it ?? value;
  };
}
