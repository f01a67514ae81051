import type { FieldError, FormBody } from "../answers.js";
import type { CodebookEntry } from "../codebook.js";
import type { ColumnSpec } from "../csv-format.js";
import type { LoadedSurvey } from "../loader.js";
import type { Lang } from "../messages.js";
import type { Answers } from "../options.js";
import type { Catalogue, Choice, Question, SurveyDefinition, Text } from "../schema.js";

/** One answer column of a version, before the versions that have it are known. */
export type AnswerColumn = Omit<ColumnSpec, "versions">;
/** What a kind says about one of its CSV columns in the codebook. */
export type CodebookPart = Pick<CodebookEntry, "type" | "label" | "values" | "note">;
/** One line of an answer as the summary shows it (label empty for a one-line answer). */
export interface SummaryLine {
  label: string;
  value: string;
}
export interface ParseInput {
  survey: LoadedSurvey;
  body: FormBody;
  /** The answers so far, this page's earlier questions included (rows of a matrix may hang on them). */
  context: Answers;
  lang: Lang;
}
export interface Parsed {
  answers: Answers;
  errors: FieldError[];
}
/**
 * A question's answers taken as stored, without parsing: what `parse` returns for the form fields that
 * give these stored answers back, or null whenever that is not certain (anything not in the stored
 * form, and every error). `context` is as for `parse`.
 */
export type StoredCheck = (answers: Answers, context: Answers) => Answers | null;

/** What a kind's definition check sees: where the question is, the survey, and the questions before it. */
export interface CheckInput {
  /** The question's path in the definition (`pages[0].questions[2]`), which every problem extends. */
  path: string;
  survey: SurveyDefinition;
  catalogue: Catalogue | undefined;
  /** The questions before this one, by id. */
  earlier: ReadonlyMap<string, Question>;
  /** The ids of the questions on pages before this one. */
  earlierPages: ReadonlySet<string>;
  report: (path: string, message: string) => void;
}

/** What a kind's compatibility rule sees: the question's path, how messages name it, and the published versions. */
export interface CompatibleInput {
  /** The question's path in the new definition. */
  path: string;
  /** «la domanda «id»», how every message begins. */
  name: string;
  /** The last published version that has the question. */
  version: number;
  /** The published versions of the survey, oldest first. */
  history: readonly SurveyDefinition[];
  report: (path: string, message: string) => void;
}

/**
 * How the report estimates a question's distribution (weighted shares, and a mean when numeric).
 * Kinds without one (texts, numbers, dates, rankings, best–worst) are analysed by their role only.
 */
export interface ReportHook<Q extends Question> {
  /** The keys estimated, each on its own (a matrix: every row anybody answered). */
  keys(q: Q, answered: ReadonlySet<string>): string[];
  /** The category values, in order. */
  categories(q: Q, survey: LoadedSurvey): string[];
  /** Whether one answer holds several categories separated by a space. */
  multiple: boolean;
  /** Whether a mean is estimated too. */
  numeric(q: Q): boolean;
  /** The choices whose labels name its categories in the report; none when a value is its own name (a scale's point). */
  labels(q: Q, survey: LoadedSurvey): Choice[];
}

/**
 * A question kind: everything that depends on a question's type, in one module per type
 * (src/surveys/kinds/<type>.ts) with its partial views/kinds/<type>.ejs. The registry
 * (src/surveys/kinds/index.ts) maps every type of the definition schema to its kind, and the
 * compiler refuses a type without one (docs/architecture.md, «Add a question kind»).
 */
export interface Kind<Q extends Question> {
  /** How messages name the kind: after «era …» and after «non può diventare …». */
  names: readonly [string, string];
  /** The designer's name of the type and the fields its form has besides the common ones. */
  designer: { label: string; fields: readonly string[] };
  /** Whether the form draws it as a group of controls (fieldset and legend) or one labelled control. */
  grouped(q: Q): boolean;
  /** The choices the form and the paper offer (the columns of a matrix, the points of a scale on paper). */
  choices(q: Q, survey: LoadedSurvey): Choice[];
  /** The choices the paper form prints, when they differ from the form's (the points of a scale). */
  paperChoices?(q: Q, survey: LoadedSurvey): Choice[];
  /**
   * For a kind answered row by row (a matrix): the rows shown for these earlier answers, or every row
   * it may ever show when `answers` is null (the paper form and the operator's screen). A kind with
   * rows and none to show is not asked.
   */
  rows?(q: Q, survey: LoadedSurvey, answers: Answers | null): Choice[];
  /** The form field of its first control, given the rows drawn (where the cursor goes). */
  firstField(q: Q, rows: readonly Choice[]): string;
  /** The keys under which its answers are stored, for these earlier answers (not counting `/other`). */
  keys(q: Q, survey: LoadedSurvey, answers: Answers): string[];
  /** Reports what the schema can't check in its definition (min below max, unique values…). */
  check(q: Q, input: CheckInput): void;
  /**
   * Reports what may not change between its last published version `old` (same type) and the new one:
   * whatever would change the meaning of the answers already collected.
   */
  compatible(q: Q, old: Q, input: CompatibleInput): void;
  /** The submitted form fields → stored answers, or field errors. */
  parse(q: Q, input: ParseInput): Parsed;
  /**
   * Validation's fast path for answers already in stored form (an export's rows, a draft's answers),
   * built once per question of a survey version: it accepts only what `parse` accepts unchanged, and
   * answers null for anything else, which then goes through `parse` (the same rules, the same errors).
   * A kind without it is always parsed.
   */
  stored?(q: Q, survey: LoadedSurvey): StoredCheck;
  /** Its columns in the response CSV; `answered` keeps retired rows only when some response has them. */
  columns(q: Q, survey: LoadedSurvey, answered?: ReadonlySet<string>): AnswerColumn[];
  /** The codebook's description of one of its columns (not the `/other` text). */
  codebook(q: Q, column: AnswerColumn, survey: LoadedSurvey): CodebookPart;
  /** How the designer writes a condition on it: by its choices, by a number, or only whether it was answered. */
  condition: "choice" | "number" | "answered";
  /** The form fields that give its stored value (under its id) back, when not one field of that name. */
  formFields?(q: Q, value: string): FormBody;
  /** The stored answer as the respondent's summary and the operator's comparison show it. */
  summary(q: Q, survey: LoadedSurvey, answers: Answers, lang: Lang): SummaryLine[];
  report: ReportHook<Q> | null;
}

export function suffixed(label: Text, part: Text): Text {
  return { it: `${label.it} — ${part.it}`, en: `${label.en} — ${part.en}` };
}
