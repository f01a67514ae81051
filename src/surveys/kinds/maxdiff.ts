import type { FieldError, FormBody } from "../answers.js";
import { message, type Lang } from "../messages.js";
import { allServices, choicesOf, type Answers } from "../options.js";
import type { Catalogue, Choice, Question, Text } from "../schema.js";
import { NO_ANSWER } from "./fields.js";
import { suffixed, type CodebookPart, type Kind, type StoredCheck } from "./kind.js";
import { buildDesign, checkDesign, hashText, type Design } from "./maxdiff-design.js";
import { checkChoices } from "./checks.js";
import { compareChoices } from "./compatibility.js";

/**
 * Best–worst scaling (MaxDiff) as a question kind: its design, answer keys, form parsing, CSV
 * columns and labels in one place. Stored answers (and CSV columns, in this order):
 *   `id/version`   the design version the respondent saw (1 … versions)
 *   `id/S/best`    the item chosen as most important in set S (1 … sets)
 *   `id/S/worst`   the item chosen as least important in set S
 * The sets themselves are not stored with the answer: they are the definition's frozen `design`, or,
 * in a definition without one, the design the generator builds from it (docs/maxdiff.md).
 */
export type MaxdiffQuestion = Extract<Question, { type: "maxdiff" }>;

export const DEFAULT_BEST: Text = { it: "Più importante", en: "Most important" };
export const DEFAULT_WORST: Text = { it: "Meno importante", en: "Least important" };

export const versionKey = (q: { id: string }): string => `${q.id}/version`;
export const bestKey = (q: { id: string }, set: number): string => `${q.id}/${set}/best`;
export const worstKey = (q: { id: string }, set: number): string => `${q.id}/${set}/worst`;

/** Every answer key of the question, in CSV order. */
export function maxdiffKeys(q: MaxdiffQuestion): string[] {
  const keys = [versionKey(q)];
  for (let s = 1; s <= q.sets; s++) keys.push(bestKey(q, s), worstKey(q, s));
  return keys;
}

export function maxdiffItems(q: MaxdiffQuestion, catalogue: Catalogue | undefined): Choice[] {
  return choicesOf(q, catalogue);
}

const designs = new WeakMap<MaxdiffQuestion, Map<Catalogue | undefined, Design>>();

/**
 * The design of the question: the frozen one the definition carries, else the one the generator builds
 * from it (memoised per definition and catalogue object; the same definition gives the same design).
 * Without enough items (a catalogue not given) there are no sets.
 */
export function maxdiffDesign(q: MaxdiffQuestion, catalogue: Catalogue | undefined): Design {
  if (q.design) return q.design;
  return generatedDesign(q, catalogue);
}

/**
 * The design the generator builds for a definition without a frozen one. Versions published before
 * designs were frozen depend on it: `buildDesign` must keep giving exactly these sets (pinned by
 * tests/surveys/maxdiff-frozen.test.ts); a better generator is a new function, used only to freeze new designs.
 */
export function generatedDesign(q: MaxdiffQuestion, catalogue: Catalogue | undefined): Design {
  let byCatalogue = designs.get(q);
  if (!byCatalogue) designs.set(q, (byCatalogue = new Map<Catalogue | undefined, Design>()));
  let design = byCatalogue.get(catalogue);
  if (!design) {
    const items = maxdiffItems(q, catalogue).map((c) => c.value);
    design =
      items.length < q.size ? [] : buildDesign({ items, sets: q.sets, size: q.size, versions: q.versions, seed: q.id });
    byCatalogue.set(catalogue, design);
  }
  return design;
}

/**
 * The question with its design written in (`design`), as a version is published: from then on its sets
 * are read from the stored definition, whatever the generator does later. A question that has one keeps it.
 */
export function freezeMaxdiff(q: MaxdiffQuestion, catalogue: Catalogue | undefined): MaxdiffQuestion {
  if (q.design) return q;
  const design = generatedDesign(q, catalogue);
  return design.length ? { ...q, design } : q;
}

/** The sets of one design version (1-based), as item values. */
export function setsOf(q: MaxdiffQuestion, catalogue: Catalogue | undefined, version: number): string[][] {
  return maxdiffDesign(q, catalogue)[version - 1] ?? [];
}

/** The design version a respondent gets: spread evenly over respondents, the same on every visit. */
export function assignVersion(q: MaxdiffQuestion, respondentKey: string): number {
  return (hashText(`${q.id}:${respondentKey}`) % q.versions) + 1;
}

/** A stored or submitted version number, or null when it is not one of the design's. */
export function parseVersion(q: MaxdiffQuestion, value: unknown): number | null {
  if (typeof value !== "string" || !/^\d{1,2}$/.test(value.trim())) return null;
  const v = Number(value.trim());
  return v >= 1 && v <= q.versions ? v : null;
}

/**
 * The answers of one maxdiff question from its form fields. Each set is answered with both a best
 * and a worst item, two different items of that set, or left blank (only when not required).
 */
export function parseMaxdiff(
  q: MaxdiffQuestion,
  catalogue: Catalogue | undefined,
  body: FormBody,
  lang: Lang,
): { answers: Answers; errors: FieldError[] } {
  const answers: Answers = {};
  const errors: FieldError[] = [];
  const fail = (field: string, key: Parameters<typeof message>[1]): void =>
    void errors.push({ question: q.id, field, message: message(lang, key) });
  const fieldOf = (key: string): string | null => {
    const v = body[key];
    if (v === undefined) return "";
    return typeof v === "string" ? v.trim() : null;
  };
  const picks = Array.from({ length: q.sets }, (_, i) => [fieldOf(bestKey(q, i + 1)), fieldOf(worstKey(q, i + 1))]);
  const anything = picks.some(([b, w]) => b !== "" || w !== "");
  const version = parseVersion(q, body[versionKey(q)]);
  if (version === null) {
    // Without a version the sets are unknown: only an empty, optional answer can stand.
    if (anything || q.required) fail(`${q.id}/1/best`, anything ? "maxdiffVersion" : "required");
    return { answers, errors };
  }
  const sets = setsOf(q, catalogue, version);
  let answered = 0;
  picks.forEach(([best, worst], i) => {
    const set = i + 1;
    const items = new Set(sets[i] ?? []);
    if (best === null || (best !== "" && !items.has(best))) return fail(bestKey(q, set), "invalidChoice");
    if (worst === null || (worst !== "" && !items.has(worst))) return fail(worstKey(q, set), "invalidChoice");
    if (best === "" && worst === "") return q.required ? fail(bestKey(q, set), "maxdiffBoth") : undefined;
    if (best === "") return fail(bestKey(q, set), "maxdiffBest");
    if (worst === "") return fail(worstKey(q, set), "maxdiffWorst");
    if (best === worst) return fail(worstKey(q, set), "maxdiffSame");
    answers[bestKey(q, set)] = best;
    answers[worstKey(q, set)] = worst;
    answered++;
  });
  if (answered > 0 && errors.length === 0) answers[versionKey(q)] = String(version);
  return errors.length ? { answers: {}, errors } : { answers, errors };
}

/**
 * The stored check of a maxdiff question: a canonical version number and, for every set, both picks
 * (two different items of that set) or neither; anything else goes through parseMaxdiff.
 */
function storedMaxdiff(q: MaxdiffQuestion, catalogue: Catalogue | undefined): StoredCheck {
  const picks = Array.from({ length: q.sets }, (_, i) => [bestKey(q, i + 1), worstKey(q, i + 1)] as const);
  const blank = (answers: Answers): boolean =>
    picks.every(([best, worst]) => answers[best] === undefined && answers[worst] === undefined);
  return (answers) => {
    const stored = answers[versionKey(q)];
    if (stored === undefined) return q.required || !blank(answers) ? null : NO_ANSWER;
    const version = parseVersion(q, stored);
    if (version === null || String(version) !== stored) return null;
    const sets = setsOf(q, catalogue, version);
    const out: Answers = {};
    let answered = 0;
    for (let i = 0; i < picks.length; i++) {
      const [bestField, worstField] = picks[i];
      const best = answers[bestField];
      const worst = answers[worstField];
      if (best === undefined && worst === undefined) {
        if (q.required) return null;
        continue;
      }
      const items = sets[i];
      if (!items || best === worst || !items.includes(best) || !items.includes(worst)) return null;
      out[bestField] = best;
      out[worstField] = worst;
      answered++;
    }
    if (answered > 0) out[versionKey(q)] = stored;
    return out;
  };
}

/** One set as the respondent answered it, for the summary and the analysis. */
export interface MaxdiffChoice {
  set: number;
  items: string[];
  best: string;
  worst: string;
}

/** The answered sets of a stored answer, with the items each showed; [] when not answered. */
export function answeredSets(q: MaxdiffQuestion, catalogue: Catalogue | undefined, answers: Answers): MaxdiffChoice[] {
  const keys = setKeys(q);
  const version = parseVersion(q, answers[keys.version]);
  if (version === null) return [];
  const sets = setsOf(q, catalogue, version);
  const out: MaxdiffChoice[] = [];
  for (let s = 1; s <= q.sets; s++) {
    const best = answers[keys.best[s - 1]];
    const worst = answers[keys.worst[s - 1]];
    if (best && worst && sets[s - 1]) out.push({ set: s, items: sets[s - 1], best, worst });
  }
  return out;
}

/**
 * The question's answer keys, written once per question: a report reads every respondent's sets, and
 * a key built anew is a new string to hash at each lookup.
 */
function setKeys(q: MaxdiffQuestion): { version: string; best: string[]; worst: string[] } {
  let keys = keysByQuestion.get(q);
  if (!keys) {
    const sets = Array.from({ length: q.sets }, (_, i) => i + 1);
    keys = { version: versionKey(q), best: sets.map((s) => bestKey(q, s)), worst: sets.map((s) => worstKey(q, s)) };
    keysByQuestion.set(q, keys);
  }
  return keys;
}

const keysByQuestion = new WeakMap<MaxdiffQuestion, { version: string; best: string[]; worst: string[] }>();

/** What one CSV column of the question holds, for the codebook. */
export function maxdiffColumnNote(
  q: MaxdiffQuestion,
  key: string,
): { part: "version" | "best" | "worst"; set: number | null; note: string } {
  if (key === versionKey(q)) {
    return {
      part: "version",
      set: null,
      note: `versione del disegno sperimentale vista dal rispondente, da 1 a ${q.versions}; i gruppi di ogni versione sono stampati nella versione cartacea (Carta › versione N) e si ricostruiscono dalla definizione (docs/maxdiff.md)`,
    };
  }
  const [, set, part] = key.split("/");
  const which = part === "best" ? "più importante" : "meno importante";
  return {
    part: part as "best" | "worst",
    set: Number(set),
    note: `voce scelta come ${which} nell'insieme ${set} di ${q.sets} (codice del servizio)`,
  };
}

/** The codebook's entry for one column: the version, or the best or worst item of a set. */
function maxdiffCodebook(q: MaxdiffQuestion, key: string, catalogue: Catalogue | undefined): CodebookPart {
  const column = maxdiffColumnNote(q, key);
  if (column.part === "version") {
    return {
      type: "maxdiff_version",
      label: suffixed(q.label, { it: "versione del disegno", en: "design version" }),
      values: [],
      note: column.note,
    };
  }
  const which =
    column.part === "best"
      ? { it: `insieme ${column.set}, più importante`, en: `set ${column.set}, most important` }
      : { it: `insieme ${column.set}, meno importante`, en: `set ${column.set}, least important` };
  return {
    type: `maxdiff_${column.part}`,
    label: suffixed(q.label, which),
    values: q.choices ?? allServices(catalogue),
    note: column.note,
  };
}

export const maxdiffKind: Kind<MaxdiffQuestion> = {
  names: ["una scelta del più e del meno importante", "una scelta del più e del meno importante"],
  designer: {
    label: "Il più e il meno importante (best–worst, a gruppi di voci)",
    fields: ["choices", "choicesFrom", "sets", "size", "versions", "bestLabel", "worstLabel"],
  },
  grouped: () => true,
  choices: (q, survey) => maxdiffItems(q, survey.catalogue),
  firstField: (q) => bestKey(q, 1),
  condition: "answered",
  check(q, input) {
    const { path, report } = input;
    const items = checkChoices(q, input);
    if (items.length > 0 && q.size > items.length) report(`${path}.size`, "size supera il numero di voci");
    else if (items.length > 0 && q.versions * q.sets * q.size < items.length) {
      // Fewer slots than items per respondent is a sparse design (each sees a part); over the versions every item must appear.
      report(
        `${path}.sets`,
        `con ${q.versions} versioni di ${q.sets} gruppi da ${q.size} non tutte le ${items.length} voci compaiono: aumenti i gruppi o le versioni`,
      );
    }
    if (q.design && items.length > 0) checkDesign(q, path, new Set(items.map((c) => c.value)), report);
  },
  // A stored design version number means "these sets": the shape of the design stays. The items may
  // change with a new version (the design of each survey version is rebuilt from that version).
  compatible(q, old, input) {
    for (const field of ["sets", "size", "versions"] as const) {
      if (q[field] !== old[field]) {
        input.report(
          `${input.path}.${field}`,
          `${input.name} aveva ${field} = ${old[field]} nella versione ${input.version}: il disegno delle risposte raccolte cambierebbe. Usi un nuovo id.`,
        );
      }
    }
    compareChoices(q, old, input);
  },
  keys: (q) => maxdiffKeys(q),
  parse: (q, { survey, body, lang }) => parseMaxdiff(q, survey.catalogue, body, lang),
  stored: (q, survey) => storedMaxdiff(q, survey.catalogue),
  columns: (q) => maxdiffKeys(q).map((key) => ({ key, questionId: q.id, part: "maxdiff" })),
  codebook: (q, column, survey) => maxdiffCodebook(q, column.key, survey.catalogue),
  summary(q, survey, answers, lang) {
    const labels = new Map(maxdiffItems(q, survey.catalogue).map((c) => [c.value, c.label[lang]]));
    const best = (q.bestLabel ?? DEFAULT_BEST)[lang];
    const worst = (q.worstLabel ?? DEFAULT_WORST)[lang];
    const group = lang === "it" ? "Gruppo" : "Group";
    return answeredSets(q, survey.catalogue, answers).map((s) => ({
      label: `${group} ${s.set}`,
      value: `${best}: ${labels.get(s.best) ?? s.best}; ${worst.toLowerCase()}: ${labels.get(s.worst) ?? s.worst}`,
    }));
  },
  // Analysed by its role (importance): the best–worst scores of src/analysis/maxdiff.ts.
  report: null,
};
