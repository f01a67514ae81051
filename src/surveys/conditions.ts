import type { Condition } from "./schema.js";
import type { Answers } from "./options.js";

/**
 * Evaluates a `showIf` tree against the answers given so far. Answers are the stored
 * strings: a multiple choice holds space-separated values, so `equals` on it means "includes".
 * The same rules run in the browser (public/js/conditions.js) as an enhancement only.
 */
export function evaluate(condition: Condition, answers: Answers): boolean {
  if ("all" in condition) return condition.all.every((c) => evaluate(c, answers));
  if ("any" in condition) return condition.any.some((c) => evaluate(c, answers));
  if ("not" in condition) return !evaluate(condition.not, answers);
  const raw = answers[condition.question];
  const answered = raw !== undefined && raw !== "";
  if (condition.answered !== undefined) return answered === condition.answered;
  if (!answered) return false;
  const values = raw.split(" ");
  if (condition.equals !== undefined) return values.includes(String(condition.equals));
  if (condition.in !== undefined) return condition.in.some((v) => values.includes(String(v)));
  const n = Number(raw);
  if (!Number.isFinite(n)) return false;
  if (condition.gte !== undefined) return n >= condition.gte;
  if (condition.lte !== undefined) return n <= condition.lte;
  return false;
}

/**
 * The same test as `evaluate`, built once per condition (validation compiles every condition of a
 * survey version): the tree is walked when compiled, not at every evaluation.
 */
export function compileCondition(condition: Condition): (answers: Answers) => boolean {
  if ("all" in condition) {
    const parts = condition.all.map(compileCondition);
    return (answers) => parts.every((part) => part(answers));
  }
  if ("any" in condition) {
    const parts = condition.any.map(compileCondition);
    return (answers) => parts.some((part) => part(answers));
  }
  if ("not" in condition) {
    const inner = compileCondition(condition.not);
    return (answers) => !inner(answers);
  }
  const id = condition.question;
  const answered = (raw: string | undefined): raw is string => raw !== undefined && raw !== "";
  if (condition.answered !== undefined) {
    const wanted = condition.answered;
    return (answers) => answered(answers[id]) === wanted;
  }
  if (condition.equals !== undefined) {
    const value = String(condition.equals);
    return (answers) => {
      const raw = answers[id];
      return answered(raw) && raw.split(" ").includes(value);
    };
  }
  if (condition.in !== undefined) {
    const values = condition.in.map(String);
    return (answers) => {
      const raw = answers[id];
      if (!answered(raw)) return false;
      const given = raw.split(" ");
      return values.some((v) => given.includes(v));
    };
  }
  const bound = condition.gte ?? condition.lte;
  if (bound === undefined) return () => false;
  const atLeast = condition.gte !== undefined;
  return (answers) => {
    const raw = answers[id];
    if (!answered(raw)) return false;
    const n = Number(raw);
    if (!Number.isFinite(n)) return false;
    return atLeast ? n >= bound : n <= bound;
  };
}

/** Every question id a condition refers to (the part before a `/row`). */
export function referencedQuestions(condition: Condition): string[] {
  if ("all" in condition) return condition.all.flatMap(referencedQuestions);
  if ("any" in condition) return condition.any.flatMap(referencedQuestions);
  if ("not" in condition) return referencedQuestions(condition.not);
  return [condition.question.split("/")[0]];
}

/** Every literal value a condition compares against, with the question it belongs to. */
export function comparedValues(condition: Condition): { question: string; value: string }[] {
  if ("all" in condition) return condition.all.flatMap(comparedValues);
  if ("any" in condition) return condition.any.flatMap(comparedValues);
  if ("not" in condition) return comparedValues(condition.not);
  const list = condition.equals !== undefined ? [condition.equals] : (condition.in ?? []);
  return list.map((v) => ({ question: condition.question, value: String(v) }));
}
