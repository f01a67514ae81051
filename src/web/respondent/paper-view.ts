import { kindOf } from "../../surveys/kinds/index.js";
import { allRows } from "../../surveys/kinds/matrix.js";
import { findQuestion } from "../../surveys/options.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { Lang } from "../../surveys/messages.js";
import type { Choice, Condition, LeafCondition, Question, SurveyDefinition } from "../../surveys/schema.js";
import type { MaxdiffQuestion } from "../../surveys/kinds/maxdiff.js";
import { maxdiffView, type MaxdiffView } from "./page-view.js";

const allQuestionsOf = (survey: LoadedSurvey): Question[] => survey.definition.pages.flatMap((p) => p.questions);

/**
 * What the paper version and the operator's data-entry screen share: every question of the
 * survey numbered 1..n in definition order (so the operator finds "question 12" on both),
 * every row a matrix can ever have, and each condition written out as an instruction.
 */
export function questionNumbers(definition: SurveyDefinition): Map<string, number> {
  return new Map(definition.pages.flatMap((p) => p.questions).map((q, i) => [q.id, i + 1]));
}

export { allRows };

export function choicesFor(survey: LoadedSurvey, q: Question): Choice[] {
  return kindOf(q).choices(q, survey);
}

/** What the paper prints as choices: the points of a scale, else the form's choices. */
function paperChoices(survey: LoadedSurvey, q: Question): Choice[] {
  const kind = kindOf(q);
  return kind.paperChoices ? kind.paperChoices(q, survey) : kind.choices(q, survey);
}

const WORDS = {
  it: {
    only: "Risponda solo se",
    question: "alla domanda",
    row: "riga",
    and: " e ",
    or: " oppure ",
    not: "non è vero che",
    answered: "ha risposto",
    notAnswered: "non ha risposto",
    gte: "ha indicato {n} o più",
    lte: "ha indicato {n} o meno",
    equals: "ha risposto",
    or2: " o ",
    perRow: "Risponda per ciascuna voce indicata alla domanda {n}; lasci vuote le altre righe.",
    perArea: "Risponda solo per i servizi dell'area indicata alla domanda {n}; lasci vuote le altre righe.",
  },
  en: {
    only: "Answer only if",
    question: "to question",
    row: "row",
    and: " and ",
    or: " or ",
    not: "it is not true that",
    answered: "you answered",
    notAnswered: "you did not answer",
    gte: "you gave {n} or more",
    lte: "you gave {n} or less",
    equals: "you answered",
    or2: " or ",
    perRow: "Answer for each item ticked in question {n}; leave the other rows blank.",
    perArea: "Answer only for the services of the area given in question {n}; leave the other rows blank.",
  },
} as const;

/** "Risponda solo se ha risposto «Sì» alla domanda 12", or null for an unconditional question. */
export function conditionInstruction(
  survey: LoadedSurvey,
  condition: Condition | undefined,
  numbers: ReadonlyMap<string, number | string>,
  lang: Lang,
): string | null {
  if (!condition) return null;
  return `${WORDS[lang].only} ${describe(survey, condition, numbers, lang)}.`;
}

/** The note under a matrix whose rows depend on an earlier answer. */
export function rowsInstruction(q: Question, numbers: Map<string, number>, lang: Lang): string | null {
  if (q.type !== "matrix") return null;
  if (q.rows.from === "question") return WORDS[lang].perRow.replace("{n}", String(numbers.get(q.rows.question)));
  if (q.rows.from === "catalogue" && q.rows.areaQuestion)
    return WORDS[lang].perArea.replace("{n}", String(numbers.get(q.rows.areaQuestion)));
  return null;
}

function describe(
  survey: LoadedSurvey,
  c: Condition,
  numbers: ReadonlyMap<string, number | string>,
  lang: Lang,
): string {
  const w = WORDS[lang];
  if ("all" in c) return c.all.map((x) => describe(survey, x, numbers, lang)).join(w.and);
  if ("any" in c) return c.any.map((x) => describe(survey, x, numbers, lang)).join(w.or);
  if ("not" in c) return `${w.not} ${describe(survey, c.not, numbers, lang)}`;
  return describeLeaf(survey, c, numbers, lang);
}

function describeLeaf(
  survey: LoadedSurvey,
  c: LeafCondition,
  numbers: ReadonlyMap<string, number | string>,
  lang: Lang,
): string {
  const w = WORDS[lang];
  const [id, row] = c.question.split("/");
  const q = findQuestion(survey.definition, id);
  const rows = q ? (kindOf(q).rows?.(q, survey, null) ?? []) : [];
  const rowLabel = row ? (rows.find((r) => r.value === row)?.label[lang] ?? row) : null;
  const where = `${w.question} ${numbers.get(id) ?? id}${rowLabel ? ` (${w.row} «${rowLabel}»)` : ""}`;
  const labelOf = (value: string | number): string => {
    const choices = q ? choicesFor(survey, q) : [];
    return `«${choices.find((ch) => ch.value === String(value))?.label[lang] ?? String(value)}»`;
  };
  if (c.answered !== undefined) return `${c.answered ? w.answered : w.notAnswered} ${where}`;
  if (c.gte !== undefined) return `${w.gte.replace("{n}", String(c.gte))} ${where}`;
  if (c.lte !== undefined) return `${w.lte.replace("{n}", String(c.lte))} ${where}`;
  const values = c.equals !== undefined ? [c.equals] : (c.in ?? []);
  return `${w.equals} ${values.map(labelOf).join(w.or2)} ${where}`;
}

export interface PaperQuestion {
  number: number;
  q: Question;
  /** Choices of a choice or ranking question; columns of a matrix; points of a scale. */
  choices: Choice[];
  rows: Choice[];
  instruction: string | null;
  rowsNote: string | null;
  maxdiff?: MaxdiffView;
}

export interface PaperPage {
  title: string;
  intro: string | null;
  instruction: string | null;
  questions: PaperQuestion[];
}

/** The whole survey as the paper form prints it. */
export function paperView(
  survey: LoadedSurvey,
  lang: Lang,
  designVersion = 1,
): { survey: SurveyDefinition; pages: PaperPage[]; lang: Lang; designVersion: number; designVersions: number } {
  const maxdiffs = allQuestionsOf(survey).filter((q): q is MaxdiffQuestion => q.type === "maxdiff");
  const designVersions = Math.max(1, ...maxdiffs.map((q) => q.versions));
  const version = Math.min(Math.max(1, Math.trunc(designVersion)), designVersions);
  const numbers = questionNumbers(survey.definition);
  const pages = survey.definition.pages.map((page) => ({
    title: page.title[lang],
    intro: page.intro?.[lang] ?? null,
    instruction: conditionInstruction(survey, page.showIf, numbers, lang),
    questions: page.questions.map((q) => ({
      number: numbers.get(q.id)!,
      q,
      choices: paperChoices(survey, q),
      rows: kindOf(q).rows?.(q, survey, null) ?? [],
      instruction: conditionInstruction(survey, q.showIf, numbers, lang),
      rowsNote: rowsInstruction(q, numbers, lang),
      maxdiff: q.type === "maxdiff" ? maxdiffView(survey, q, {}, "", Math.min(version, q.versions)) : undefined,
    })),
  }));
  return {
    survey: survey.definition,
    pages,
    lang,
    designVersion: version,
    designVersions: maxdiffs.length ? designVersions : 0,
  };
}
