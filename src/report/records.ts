import {
  individualScores,
  type BestWorstTask,
  type CitizenRecord,
  type Feasibility,
  type ServiceUse,
  type StaffRecord,
} from "../analysis/index.js";
import { answeredSets } from "../surveys/kinds/maxdiff.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { allQuestions, columnsOf } from "../surveys/options.js";
import { DONT_KNOW, type Catalogue, type Question } from "../surveys/schema.js";
import type { Answers } from "../surveys/options.js";

type Role = NonNullable<Question["analysis"]>["role"];

/** The questions of a survey by analysis role: the report finds what it needs without knowing ids. */
export function questionsByRole(survey: LoadedSurvey): Map<Role, Question[]> {
  const byRole = new Map<Role, Question[]>();
  for (const q of allQuestions(survey.definition)) {
    if (!q.analysis) continue;
    const list = byRole.get(q.analysis.role) ?? [];
    list.push(q);
    byRole.set(q.analysis.role, list);
  }
  return byRole;
}

/** A stored value as a number: the choice's `score` when it has one, else the value itself; "non so" is null. */
export function numericValue(q: Question, value: string | undefined): number | null | undefined {
  if (value === undefined) return undefined;
  // Called for every answer of every respondent with a handful of distinct values: remembered per question.
  let known = numericCache.get(q);
  if (!known) numericCache.set(q, (known = new Map<string, number | null | undefined>()));
  if (!known.has(value)) known.set(value, numeric(q, value));
  return known.get(value);
}

const numericCache = new WeakMap<Question, Map<string, number | null | undefined>>();

function numeric(q: Question, value: string): number | null | undefined {
  if (value === DONT_KNOW) return null;
  const choices = q.type === "matrix" ? columnsOf(q) : "choices" in q ? (q.choices ?? []) : [];
  const choice = choices.find((c) => c.value === value);
  if (choice?.score !== undefined) return choice.score;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

type MatrixRows = Map<string, Map<string, string>>;
const NO_ROWS: ReadonlyMap<string, string> = new Map();

/**
 * Matrix answers of a questionnaire: question id → row → stored value ("other" texts left out).
 * One pass over the answers per respondent, not one per question (ids have no slash).
 */
function matrixRows(answers: Answers): MatrixRows {
  const out: MatrixRows = new Map();
  for (const key in answers) {
    const slash = key.indexOf("/");
    if (slash <= 0) continue;
    const row = key.slice(slash + 1);
    if (row === "other") continue;
    const id = key.slice(0, slash);
    let rows = out.get(id);
    if (!rows) out.set(id, (rows = new Map<string, string>()));
    rows.set(row, answers[key]);
  }
  return out;
}

/** Matrix answers of a question as row → stored value. */
function rowsOf(q: Question, matrices: MatrixRows): ReadonlyMap<string, string> {
  return matrices.get(q.id) ?? NO_ROWS;
}

const USE_FIELDS: [Role, keyof ServiceUse][] = [
  ["frequency", "frequency"],
  ["offices", "offices"],
  ["repeat_visits", "repeatVisits"],
  ["time_lost", "timeLost"],
  ["satisfaction", "satisfaction"],
];

/**
 * Maps one citizen questionnaire to the analysis record. `marginVariables` are the variables of the
 * census margins file; a crossed variable (`eta*sesso`) gets the joined categories of its parts.
 * A respondent whose answer has no census category (e.g. sex "altro") has no category for that
 * margin, only its known parts; the raking splits them across the compatible census categories. `margins` maps each margin variable
 * to its census categories.
 */
export function citizenRecord(
  byRole: Map<Role, Question[]>,
  answers: Answers,
  margins: ReadonlyMap<string, ReadonlySet<string>>,
  strataVariable: string,
  options: ImportanceOptions = {},
): CitizenRecord {
  const matrices = matrixRows(answers);
  const own: Record<string, string> = {};
  for (const q of byRole.get("weighting") ?? []) {
    const value = answers[q.id];
    if (value !== undefined && q.analysis?.variable) own[q.analysis.variable] = value;
  }
  const categories = marginCategories(own, margins);
  const used: Record<string, ServiceUse> = {};
  for (const q of byRole.get("services_used") ?? []) {
    for (const code of (answers[q.id] ?? "").split(" ").filter((c) => c && c !== "other")) used[code] = {};
  }
  for (const [role, field] of USE_FIELDS) {
    for (const q of byRole.get(role) ?? []) {
      for (const [code, value] of rowsOf(q, matrices)) {
        const n = numericValue(q, value);
        if (!used[code] || n === undefined) continue;
        if (n === null && field !== "satisfaction") continue;
        (used[code] as Record<string, number | null>)[field] = n;
      }
    }
  }
  const importance = importanceOf(byRole, answers, matrices, options);
  const ranking = (byRole.get("preference") ?? []).flatMap((q) => (answers[q.id] ?? "").split(" ").filter(Boolean));
  return { strata: own[strataVariable] ?? "", categories, used, importance, ranking };
}

/**
 * A respondent's category of each margin variable from their answers to the weighting questions
 * (variable → value); a crossed variable (`eta*sesso`) gets the joined categories of its parts.
 */
export function marginCategories(
  own: Readonly<Record<string, string>>,
  margins: ReadonlyMap<string, ReadonlySet<string>>,
): Record<string, string> {
  const categories: Record<string, string> = {};
  for (const [variable, known] of margins) {
    const names = variable.split("*");
    const parts = names.map((v) => own[v]);
    const category = parts.join("*");
    if (parts.every((p) => p !== undefined) && known.has(category)) {
      categories[variable] = category;
      continue;
    }
    // Partly known (age given, sex «altro»): the known parts let the weighting split the respondent
    // across the compatible census categories only.
    names.forEach((name, k) => {
      const value = parts[k];
      if (value !== undefined && names.length > 1 && partValues(known, k).has(value)) categories[name] = value;
    });
  }
  return categories;
}

export interface ImportanceOptions {
  /** The catalogue of the response's survey version: a best–worst question's design is built from it. */
  catalogue?: Catalogue;
  /**
   * How the report's survey version measures importance. A response of another version that measured
   * it the other way contributes no importance (a 1–10 grid and best–worst scores can't be averaged).
   */
  kind?: ImportanceKind;
}

export type ImportanceKind = "maxdiff" | "grid";

/** How a survey version measures the importance of the services: best–worst if it has such a question. */
export function importanceKind(byRole: Map<Role, Question[]>): ImportanceKind {
  return (byRole.get("importance") ?? []).some((q) => q.type === "maxdiff") ? "maxdiff" : "grid";
}

/** The best–worst tasks a respondent answered (the sets rebuilt from the design of their version). */
export function bestWorstTasks(
  byRole: Map<Role, Question[]>,
  answers: Answers,
  catalogue: Catalogue | undefined,
): BestWorstTask[] {
  // A report asks three times per respondent (importance, quality check, best–worst section): the
  // sets are rebuilt once per answers object, survey version and catalogue.
  const known = tasksCache.get(answers);
  if (known && known.byRole === byRole && known.catalogue === catalogue) return known.tasks;
  const tasks = (byRole.get("importance") ?? []).flatMap((q) =>
    q.type === "maxdiff" ? answeredSets(q, catalogue, answers) : [],
  );
  tasksCache.set(answers, { byRole, catalogue, tasks });
  return tasks;
}

const tasksCache = new WeakMap<
  Answers,
  { byRole: Map<Role, Question[]>; catalogue: Catalogue | undefined; tasks: BestWorstTask[] }
>();

function importanceOf(
  byRole: Map<Role, Question[]>,
  answers: Answers,
  matrices: MatrixRows,
  options: ImportanceOptions,
): Record<string, number> {
  const own = importanceKind(byRole);
  if (options.kind && options.kind !== own) return {};
  if (own === "maxdiff") return individualScores(bestWorstTasks(byRole, answers, options.catalogue));
  const importance: Record<string, number> = {};
  for (const q of byRole.get("importance") ?? []) {
    for (const [code, value] of rowsOf(q, matrices)) {
      const n = numericValue(q, value);
      if (typeof n === "number") importance[code] = n;
    }
  }
  return importance;
}

const partCache = new WeakMap<ReadonlySet<string>, Map<number, Set<string>>>();

/** The census values of part k of a crossed margin's categories (`30_44*F` → part 0 `30_44`). */
function partValues(known: ReadonlySet<string>, k: number): Set<string> {
  let byPart = partCache.get(known);
  if (!byPart) partCache.set(known, (byPart = new Map<number, Set<string>>()));
  let values = byPart.get(k);
  if (!values) byPart.set(k, (values = new Set([...known].map((c) => c.split("*")[k]))));
  return values;
}

const FEASIBILITY = new Set<Feasibility>(["inform", "file", "process", "specialist"]);

/** Maps one staff questionnaire to the analysis record (staff are never weighted). */
export function staffRecord(byRole: Map<Role, Question[]>, answers: Answers): StaffRecord {
  const area = (byRole.get("staff_area") ?? []).map((q) => answers[q.id]).find(Boolean) ?? "";
  const matrices = matrixRows(answers);
  const services: StaffRecord["services"] = {};
  const view = (code: string) => (services[code] ??= {});
  for (const q of byRole.get("staff_severity") ?? []) {
    for (const [code, value] of rowsOf(q, matrices)) {
      const n = numericValue(q, value);
      if (typeof n === "number") view(code).severity = n;
    }
  }
  for (const q of byRole.get("feasibility") ?? []) {
    for (const [code, value] of rowsOf(q, matrices))
      if (FEASIBILITY.has(value as Feasibility)) view(code).feasibility = value as Feasibility;
  }
  for (const q of byRole.get("staff_contacts") ?? []) {
    for (const [code, value] of rowsOf(q, matrices)) {
      const n = numericValue(q, value);
      if (typeof n === "number") view(code).contacts = n;
    }
  }
  const training: Record<string, number> = {};
  for (const q of byRole.get("training") ?? []) {
    for (const [subject, value] of rowsOf(q, matrices)) {
      const n = numericValue(q, value);
      if (typeof n === "number") training[subject] = n;
    }
  }
  return { area, services, training };
}
