import type { DefinitionProblem } from "./checks.js";
import { isQuestionType, KINDS, kindOf } from "./kinds/index.js";
import type { Question, QuestionType, SurveyDefinition } from "./schema.js";

/**
 * Whether a new version may follow the published ones: an id or a choice value never
 * changes meaning once published (docs/architecture.md, convention 10), because responses of every version
 * are read together. Wording may change. Returns every problem, with the JSON path in the
 * new definition and the reason in plain Italian.
 */
export function compatibilityProblems(
  next: SurveyDefinition,
  published: readonly SurveyDefinition[],
): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const report = (path: string, message: string): void => void problems.push({ path, message });
  const history = [...published].filter((d) => d.id === next.id).sort((a, b) => a.version - b.version);
  if (history.length === 0) return problems;
  const latest = history[history.length - 1];
  if (next.version <= latest.version) {
    report(
      "version",
      `la versione ${latest.version} è già pubblicata: la nuova versione deve avere un numero più alto (almeno ${latest.version + 1}).`,
    );
  }
  if (latest.catalogue && next.catalogue !== latest.catalogue) {
    report(
      "catalogue",
      `il questionario usava il catalogo «${latest.catalogue}» nella versione ${latest.version}: i codici dei servizi delle risposte già raccolte si riferiscono a quel catalogo, che non si può cambiare.`,
    );
  }
  next.pages.forEach((page, p) =>
    page.questions.forEach((q, i) => {
      const found = lastPublished(history, q.id);
      if (found) compareQuestion(q, found.question, found.version, history, `pages[${p}].questions[${i}]`, report);
    }),
  );
  return problems;
}

type Report = (path: string, message: string) => void;

/**
 * For a definition that doesn't even have the right shape yet (e.g. a file whose question changed
 * type but kept the old type's fields): the type changes alone, read loosely, so the author
 * learns the real reason along with the schema's complaints.
 */
export function looseTypeProblems(json: unknown, published: readonly SurveyDefinition[]): DefinitionProblem[] {
  const raw = json as { id?: unknown; pages?: unknown } | null;
  const history = [...published].filter((d) => d.id === raw?.id).sort((a, b) => a.version - b.version);
  if (!history.length || !Array.isArray(raw?.pages)) return [];
  const problems: DefinitionProblem[] = [];
  raw.pages.forEach((page: unknown, p: number) => {
    const questions = (page as { questions?: unknown } | null)?.questions;
    if (!Array.isArray(questions)) return;
    questions.forEach((q: unknown, i: number) => {
      const { id, type } = (q ?? {}) as { id?: unknown; type?: unknown };
      const found = typeof id === "string" ? lastPublished(history, id) : undefined;
      if (!found || typeof type !== "string" || !isQuestionType(type) || type === found.question.type) return;
      const message = `la domanda «${id}» era ${typeNames(found.question.type)[0]} nella versione ${found.version}: non può diventare ${typeNames(type)[1]}. Usi un nuovo id.`;
      problems.push({ path: `pages[${p}].questions[${i}].type`, message });
    });
  });
  return problems;
}

/** A type as the end of "era …" and as the end of "non può diventare …". */
const typeNames = (type: QuestionType): readonly [string, string] => KINDS[type].names;

export function typeName(type: QuestionType): string {
  return typeNames(type)[1];
}

/** The most recent published version that has this question id (it may have been removed since). */
function lastPublished(
  history: readonly SurveyDefinition[],
  id: string,
): { question: Question; version: number } | undefined {
  for (let v = history.length - 1; v >= 0; v--) {
    for (const page of history[v].pages) {
      const question = page.questions.find((q) => q.id === id);
      if (question) return { question, version: history[v].version };
    }
  }
  return undefined;
}

function compareQuestion(
  q: Question,
  old: Question,
  version: number,
  history: readonly SurveyDefinition[],
  path: string,
  report: Report,
): void {
  const name = `la domanda «${q.id}»`;
  if (q.type !== old.type) {
    report(
      `${path}.type`,
      `${name} era ${typeNames(old.type)[0]} nella versione ${version}: non può diventare ${typeNames(q.type)[1]}. Usi un nuovo id.`,
    );
    return;
  }
  kindOf(q).compatible(q, old, { path, name, version, history, report });
}
