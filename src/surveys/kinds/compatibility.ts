import type { Choice, Question, SurveyDefinition } from "../schema.js";
import type { CompatibleInput } from "./kind.js";

type Report = CompatibleInput["report"];
type WithChoices = { choices?: Choice[]; choicesFrom?: "catalogue" };

/** A choice kind keeps where its choices come from, and each published value keeps its meaning. */
export function compareChoices(
  q: WithChoices & { id: string },
  old: WithChoices,
  { path, name, version, history, report }: CompatibleInput,
): void {
  if (Boolean(q.choicesFrom) !== Boolean(old.choicesFrom)) {
    const was = old.choicesFrom ? "prendeva le scelte dal catalogo dei servizi" : "aveva un elenco di scelte proprio";
    report(
      `${path}.${q.choicesFrom ? "choicesFrom" : "choices"}`,
      `${name} ${was} nella versione ${version}: le risposte raccolte non avrebbero più lo stesso significato. Usi un nuovo id.`,
    );
  } else if (q.choices) {
    compareValues(
      q.choices,
      `${path}.choices`,
      q.id,
      published(history, q.id, (x) => ("choices" in x ? x.choices : undefined)),
      report,
    );
  }
}

type ScaleLike = { min: number; max: number; dontKnow: boolean };

/** A scale keeps its ends and its «non so» (a scale question's, or a matrix's). */
export function compareScale(
  q: ScaleLike,
  old: ScaleLike,
  path: string,
  was: string,
  version: number,
  report: Report,
): void {
  const show = (s: ScaleLike): string => `da ${s.min} a ${s.max}${s.dontKnow ? " con «non so»" : " senza «non so»"}`;
  const field = q.min !== old.min ? "min" : q.max !== old.max ? "max" : q.dontKnow !== old.dontKnow ? "dontKnow" : null;
  if (field)
    report(
      `${path}.${field}`,
      `${was} ${show(old)} nella versione ${version}: non può diventare ${show(q)}, i punteggi già raccolti cambierebbero significato. Usi un nuovo id.`,
    );
}

/** Every value ever published for a question, with its last label, score and version. */
export type Published = Map<string, { choice: Choice; version: number; inLatest: boolean }>;

export function published(
  history: readonly SurveyDefinition[],
  id: string,
  pick: (q: Question) => Choice[] | undefined,
): Published {
  const values: Published = new Map();
  const latestVersion = history[history.length - 1].version;
  for (const def of history) {
    const question = def.pages.flatMap((p) => p.questions).find((q) => q.id === id);
    for (const choice of (question && pick(question)) ?? [])
      values.set(choice.value, { choice, version: def.version, inLatest: def.version === latestVersion });
  }
  return values;
}

/**
 * A value kept keeps its score (its numeric meaning) and whether it excludes the others; a value dropped stays reserved: it may
 * come back only as what it was (the same Italian label), never as something else.
 */
export function compareValues(
  choices: readonly Choice[],
  path: string,
  id: string,
  before: Published,
  report: Report,
): void {
  choices.forEach((c, i) => {
    const old = before.get(c.value);
    if (!old) return;
    if (old.choice.score !== c.score) {
      report(
        `${path}[${i}].score`,
        `il valore «${c.value}» della domanda «${id}» valeva ${old.choice.score ?? "(nessun punteggio)"} nella versione ${old.version}: il punteggio di un valore pubblicato non cambia. Usi un nuovo valore.`,
      );
    }
    if (Boolean(old.choice.exclusive) !== Boolean(c.exclusive)) {
      const was = old.choice.exclusive
        ? "si sceglieva da solo («nessuno di questi»)"
        : "si poteva scegliere insieme ad altri";
      report(
        `${path}[${i}].exclusive`,
        `il valore «${c.value}» della domanda «${id}» ${was} nella versione ${old.version}: le risposte raccolte non avrebbero più lo stesso significato. Usi un nuovo valore.`,
      );
    }
    if (!old.inLatest && old.choice.label.it !== c.label.it) {
      report(
        `${path}[${i}].value`,
        `il valore «${c.value}» della domanda «${id}» significava «${old.choice.label.it}» nella versione ${old.version} ed è riservato: non si può riusare per «${c.label.it}». Usi un nuovo valore.`,
      );
    }
  });
}
