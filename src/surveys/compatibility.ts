import type { DefinitionProblem } from "./checks.js";
import type { Choice, Question, QuestionType, SurveyDefinition } from "./schema.js";

/**
 * Whether a new version may follow the published ones: an id or a choice value never
 * changes meaning once published (docs/architecture.md, convention 10), because responses of every version
 * are read together. Wording may change. Returns every problem, with the JSON path in the
 * new definition and the reason in plain Italian.
 */
export function compatibilityProblems(next: SurveyDefinition, published: readonly SurveyDefinition[]): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const report = (path: string, message: string): void => void problems.push({ path, message });
  const history = [...published].filter((d) => d.id === next.id).sort((a, b) => a.version - b.version);
  if (history.length === 0) return problems;
  const latest = history[history.length - 1];
  if (next.version <= latest.version) {
    report("version", `la versione ${latest.version} è già pubblicata: la nuova versione deve avere un numero più alto (almeno ${latest.version + 1}).`);
  }
  if (latest.catalogue && next.catalogue !== latest.catalogue) {
    report("catalogue", `il questionario usava il catalogo «${latest.catalogue}» nella versione ${latest.version}: i codici dei servizi delle risposte già raccolte si riferiscono a quel catalogo, che non si può cambiare.`);
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
      if (!found || typeof type !== "string" || !(type in TYPE_NAMES) || type === found.question.type) return;
      const message = `la domanda «${id}» era ${TYPE_NAMES[found.question.type][0]} nella versione ${found.version}: non può diventare ${TYPE_NAMES[type as QuestionType][1]}. Usi un nuovo id.`;
      problems.push({ path: `pages[${p}].questions[${i}].type`, message });
    });
  });
  return problems;
}


/** A type as the end of "era …" and as the end of "non può diventare …". */
const TYPE_NAMES: Record<QuestionType, [string, string]> = {
  single: ["a scelta singola", "una domanda a scelta singola"],
  multi: ["a scelta multipla", "una domanda a scelta multipla"],
  scale: ["una scala", "una scala"],
  matrix: ["una griglia", "una griglia"],
  ranking: ["una classifica", "una classifica"],
  number: ["numerica", "una domanda numerica"],
  date: ["una data", "una data"],
  text: ["a testo breve", "una domanda a testo breve"],
  textarea: ["a testo lungo", "una domanda a testo lungo"],
  rating: ["una valutazione a stelle", "una valutazione a stelle"],
  maxdiff: ["una scelta del più e del meno importante", "una scelta del più e del meno importante"],
};

export function typeName(type: QuestionType): string {
  return TYPE_NAMES[type][1];
}

/** The most recent published version that has this question id (it may have been removed since). */
function lastPublished(history: readonly SurveyDefinition[], id: string): { question: Question; version: number } | undefined {
  for (let v = history.length - 1; v >= 0; v--) {
    for (const page of history[v].pages) {
      const question = page.questions.find((q) => q.id === id);
      if (question) return { question, version: history[v].version };
    }
  }
  return undefined;
}

function compareQuestion(q: Question, old: Question, version: number, history: readonly SurveyDefinition[], path: string, report: Report): void {
  const name = `la domanda «${q.id}»`;
  if (q.type !== old.type) {
    report(`${path}.type`, `${name} era ${TYPE_NAMES[old.type][0]} nella versione ${version}: non può diventare ${TYPE_NAMES[q.type][1]}. Usi un nuovo id.`);
    return;
  }
  if (q.type === "scale" && old.type === "scale") compareScale(q, old, `${path}`, `${name} era una scala`, version, report);
  if (q.type === "matrix" && old.type === "matrix") compareMatrix(q, old, path, name, version, history, report);
  if (q.type === "maxdiff" && old.type === "maxdiff") compareMaxdiff(q, old, path, name, version, report);
  if ((q.type === "single" || q.type === "multi" || q.type === "ranking" || q.type === "maxdiff") && (old.type === "single" || old.type === "multi" || old.type === "ranking" || old.type === "maxdiff")) {
    if (Boolean(q.choicesFrom) !== Boolean(old.choicesFrom)) {
      const was = old.choicesFrom ? "prendeva le scelte dal catalogo dei servizi" : "aveva un elenco di scelte proprio";
      report(`${path}.${q.choicesFrom ? "choicesFrom" : "choices"}`, `${name} ${was} nella versione ${version}: le risposte raccolte non avrebbero più lo stesso significato. Usi un nuovo id.`);
    } else if (q.choices) {
      compareValues(q.choices, `${path}.choices`, q.id, published(history, q.id, (x) => ("choices" in x ? x.choices : undefined)), report);
    }
  }
}

/**
 * A stored design version number means "these sets": the shape of the design stays. The items may
 * change with a new version (the design of each survey version is rebuilt from that version).
 */
function compareMaxdiff(q: Extract<Question, { type: "maxdiff" }>, old: Extract<Question, { type: "maxdiff" }>, path: string, name: string, version: number, report: Report): void {
  for (const field of ["sets", "size", "versions"] as const) {
    if (q[field] !== old[field]) {
      report(`${path}.${field}`, `${name} aveva ${field} = ${old[field]} nella versione ${version}: il disegno delle risposte raccolte cambierebbe. Usi un nuovo id.`);
    }
  }
}

type ScaleLike = { min: number; max: number; dontKnow: boolean };

function compareScale(q: ScaleLike, old: ScaleLike, path: string, was: string, version: number, report: Report): void {
  const show = (s: ScaleLike): string => `da ${s.min} a ${s.max}${s.dontKnow ? " con «non so»" : " senza «non so»"}`;
  const field = q.min !== old.min ? "min" : q.max !== old.max ? "max" : q.dontKnow !== old.dontKnow ? "dontKnow" : null;
  if (field) report(`${path}.${field}`, `${was} ${show(old)} nella versione ${version}: non può diventare ${show(q)}, i punteggi già raccolti cambierebbero significato. Usi un nuovo id.`);
}

function compareMatrix(
  q: Extract<Question, { type: "matrix" }>,
  old: Extract<Question, { type: "matrix" }>,
  path: string,
  name: string,
  version: number,
  history: readonly SurveyDefinition[],
  report: Report,
): void {
  if (Boolean(q.scale) !== Boolean(old.scale)) {
    const was = old.scale ? "una griglia a scala numerica" : "una griglia a colonne con nome";
    report(`${path}.${q.scale ? "scale" : "columns"}`, `${name} era ${was} nella versione ${version}: non può cambiare tipo di colonne. Usi un nuovo id.`);
  } else if (q.scale && old.scale) {
    compareScale(q.scale, old.scale, `${path}.scale`, `${name} aveva una scala`, version, report);
  } else if (q.columns && old.columns) {
    const before = old.columns.map((c) => c.value);
    const now = q.columns.map((c) => c.value);
    if ([...before].sort().join() !== [...now].sort().join()) {
      report(`${path}.columns`, `${name} aveva le colonne ${before.join(", ")} nella versione ${version}: i valori delle colonne non possono cambiare (le etichette sì). Usi un nuovo id.`);
    }
  }
  const rowsWas = { list: "un elenco di righe", catalogue: "le righe dal catalogo", question: "le righe dalle scelte di una domanda precedente" };
  if (q.rows.from !== old.rows.from) {
    report(`${path}.rows`, `${name} aveva ${rowsWas[old.rows.from]} nella versione ${version}: non può passare a ${rowsWas[q.rows.from]}. Usi un nuovo id.`);
  } else if (q.rows.from === "question" && old.rows.from === "question" && q.rows.question !== old.rows.question) {
    report(`${path}.rows.question`, `${name} aveva una riga per ogni scelta di «${old.rows.question}» nella versione ${version}: non può prenderle da «${q.rows.question}». Usi un nuovo id.`);
  } else if (q.rows.from === "list") {
    compareValues(q.rows.rows, `${path}.rows.rows`, q.id, published(history, q.id, (x) => (x.type === "matrix" && x.rows.from === "list" ? x.rows.rows : undefined)), report);
  }
}

/** Every value ever published for a question, with its last label, score and version. */
type Published = Map<string, { choice: Choice; version: number; inLatest: boolean }>;

function published(history: readonly SurveyDefinition[], id: string, pick: (q: Question) => Choice[] | undefined): Published {
  const values: Published = new Map();
  const latestVersion = history[history.length - 1].version;
  for (const def of history) {
    const question = def.pages.flatMap((p) => p.questions).find((q) => q.id === id);
    for (const choice of (question && pick(question)) ?? []) values.set(choice.value, { choice, version: def.version, inLatest: def.version === latestVersion });
  }
  return values;
}

/**
 * A value kept keeps its score (its numeric meaning) and whether it excludes the others; a value dropped stays reserved: it may
 * come back only as what it was (the same Italian label), never as something else.
 */
function compareValues(choices: readonly Choice[], path: string, id: string, before: Published, report: Report): void {
  choices.forEach((c, i) => {
    const old = before.get(c.value);
    if (!old) return;
    if (old.choice.score !== c.score) {
      report(`${path}[${i}].score`, `il valore «${c.value}» della domanda «${id}» valeva ${old.choice.score ?? "(nessun punteggio)"} nella versione ${old.version}: il punteggio di un valore pubblicato non cambia. Usi un nuovo valore.`);
    }
    if (Boolean(old.choice.exclusive) !== Boolean(c.exclusive)) {
      const was = old.choice.exclusive ? "si sceglieva da solo («nessuno di questi»)" : "si poteva scegliere insieme ad altri";
      report(`${path}[${i}].exclusive`, `il valore «${c.value}» della domanda «${id}» ${was} nella versione ${old.version}: le risposte raccolte non avrebbero più lo stesso significato. Usi un nuovo valore.`);
    }
    if (!old.inLatest && old.choice.label.it !== c.label.it) {
      report(`${path}[${i}].value`, `il valore «${c.value}» della domanda «${id}» significava «${old.choice.label.it}» nella versione ${old.version} ed è riservato: non si può riusare per «${c.label.it}». Usi un nuovo valore.`);
    }
  });
}
