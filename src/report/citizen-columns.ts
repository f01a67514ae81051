import { individualScores, type BestWorstTask, type CitizenColumns } from "../analysis/index.js";
import type { StoredResponse } from "../responses/records.js";
import type { Catalogue, Question } from "../surveys/schema.js";
import type { CodedColumn } from "./answer-columns.js";
import {
  bestWorstTasks,
  importanceKind,
  marginCategories,
  numericValue,
  type ImportanceKind,
  type questionsByRole,
} from "./records.js";

type ByRole = ReturnType<typeof questionsByRole>;
type Role = Parameters<ByRole["get"]>[0];
export type VersionOf = (version: number) => { byRole: ByRole; catalogue: Catalogue | undefined };

const FIELDS = ["frequency", "offices", "repeatVisits", "timeLost", "satisfaction"] as const;
type Field = (typeof FIELDS)[number];
const FIELD_ROLES: [Role, Field][] = [
  ["frequency", "frequency"],
  ["offices", "offices"],
  ["repeat_visits", "repeatVisits"],
  ["time_lost", "timeLost"],
  ["satisfaction", "satisfaction"],
];

/** What one survey version's questions read, found once: the answer columns behind each analysis role. */
interface Plan {
  byRole: ByRole;
  catalogue: Catalogue | undefined;
  weighting: { variable: string; column: CodedColumn | undefined }[];
  servicesUsed: (CodedColumn | undefined)[];
  /** In the order citizenRecord reads them: by field, then by question (a later question overrides). */
  fields: { field: Field; q: Question; rows: ReadonlyMap<string, CodedColumn> }[];
  importance: ImportanceKind | null;
  grid: { q: Question; rows: ReadonlyMap<string, CodedColumn> }[];
  preference: (CodedColumn | undefined)[];
  /** Categories and stratum by the weighting answers; the services used and the ranking by answer. */
  categories: Map<string, { categories: Readonly<Record<string, string>>; strata: string }>;
  uses: Map<string, string[]>;
  rankings: Map<string, string[]>;
}

/**
 * The citizens' analysis columns, read from the report's answer columns (each response with its own
 * survey version): exactly what `citizenColumns(kept.map(citizenRecord))` gives, without an object per
 * citizen. `kind` is how the report's version measures importance; `margins` maps each margin variable
 * to its census categories.
 */
export function citizenColumnsOf(
  kept: readonly Pick<StoredResponse, "answers" | "surveyVersion">[],
  columns: ReadonlyMap<string, CodedColumn>,
  versionOf: VersionOf,
  margins: ReadonlyMap<string, ReadonlySet<string>>,
  strataVariable: string,
  kind: ImportanceKind,
  /** Citizen i's best–worst tasks, when the caller has them already (read from its own answers otherwise). */
  tasksOf?: (i: number) => readonly BestWorstTask[],
): CitizenColumns {
  const n = kept.length;
  const matrices = matrixColumns(columns);
  const plans = new Map<object, Plan>();
  const planOf = (version: number): Plan => {
    const v = versionOf(version);
    let plan = plans.get(v);
    if (!plan) plans.set(v, (plan = planFor(v.byRole, v.catalogue, columns, matrices, kind)));
    return plan;
  };

  const codes: string[] = [];
  const index = new Map<string, number>();
  const importance: Float64Array[] = [];
  const column = (code: string): number => {
    let k = index.get(code);
    if (k === undefined) {
      k = codes.length;
      codes.push(code);
      index.set(code, k);
      importance.push(new Float64Array(n).fill(Number.NaN));
    }
    return k;
  };
  const strata = new Array<string>(n);
  const categories = new Array<Readonly<Record<string, string>>>(n);
  const useStart = new Int32Array(n + 1);
  const rankStart = new Int32Array(n + 1);
  const useCode: number[] = [];
  const rankCode: number[] = [];
  const values: Record<Field, number[]> = {
    frequency: [],
    offices: [],
    repeatVisits: [],
    timeLost: [],
    satisfaction: [],
  };
  const valueAt = (col: CodedColumn | undefined, i: number): string | undefined => col?.values[col.codes[i]];

  for (let i = 0; i < n; i++) {
    const plan = planOf(kept[i].surveyVersion);
    const own = ownCategories(plan, i, margins, strataVariable, valueAt);
    strata[i] = own.strata;
    categories[i] = own.categories;

    useStart[i] = useCode.length;
    for (const code of listed(plan.uses, plan.servicesUsed, i, valueAt, usedCodes)) {
      useCode.push(column(code));
      const use: Record<Field, number> = {
        frequency: Number.NaN,
        offices: Number.NaN,
        repeatVisits: Number.NaN,
        timeLost: Number.NaN,
        satisfaction: Number.NaN,
      };
      for (const { field, q, rows } of plan.fields) {
        const value = valueAt(rows.get(code), i);
        const x = numericValue(q, value);
        if (x === undefined || (x === null && field !== "satisfaction")) continue;
        // «Non so» (null) is a satisfaction given, left out of every mean: NaN, as no answer.
        use[field] = x ?? Number.NaN;
      }
      for (const field of FIELDS) values[field].push(use[field]);
    }

    if (plan.importance === "maxdiff") {
      const scores = individualScores(
        tasksOf ? tasksOf(i) : bestWorstTasks(plan.byRole, kept[i].answers, plan.catalogue),
      );
      for (const code in scores) importance[column(code)][i] = scores[code];
    } else if (plan.importance === "grid") {
      for (const { q, rows } of plan.grid)
        for (const [code, col] of rows) {
          const x = numericValue(q, valueAt(col, i));
          if (typeof x === "number") importance[column(code)][i] = x;
        }
    }

    rankStart[i] = rankCode.length;
    for (const code of listed(plan.rankings, plan.preference, i, valueAt, rankedCodes)) rankCode.push(column(code));
  }
  useStart[n] = useCode.length;
  rankStart[n] = rankCode.length;
  return {
    n,
    strata,
    weight: new Float64Array(n).fill(1),
    categories,
    codes,
    useStart,
    useCode: Int32Array.from(useCode),
    frequency: Float64Array.from(values.frequency),
    offices: Float64Array.from(values.offices),
    repeatVisits: Float64Array.from(values.repeatVisits),
    timeLost: Float64Array.from(values.timeLost),
    satisfaction: Float64Array.from(values.satisfaction),
    importance,
    rankStart,
    rankCode: Int32Array.from(rankCode),
  };
}

function planFor(
  byRole: ByRole,
  catalogue: Catalogue | undefined,
  columns: ReadonlyMap<string, CodedColumn>,
  matrices: ReadonlyMap<string, ReadonlyMap<string, CodedColumn>>,
  kind: ImportanceKind,
): Plan {
  const rowsOf = (q: Question) => matrices.get(q.id) ?? new Map<string, CodedColumn>();
  const own = importanceKind(byRole);
  return {
    byRole,
    catalogue,
    weighting: (byRole.get("weighting") ?? []).flatMap((q) =>
      q.analysis?.variable ? [{ variable: q.analysis.variable, column: columns.get(q.id) }] : [],
    ),
    servicesUsed: (byRole.get("services_used") ?? []).map((q) => columns.get(q.id)),
    fields: FIELD_ROLES.flatMap(([role, field]) =>
      (byRole.get(role) ?? []).map((q) => ({ field, q, rows: rowsOf(q) })),
    ),
    // A version that measures importance the other way than the report's contributes none.
    importance: own === kind ? own : null,
    grid: (byRole.get("importance") ?? []).map((q) => ({ q, rows: rowsOf(q) })),
    preference: (byRole.get("preference") ?? []).map((q) => columns.get(q.id)),
    categories: new Map(),
    uses: new Map(),
    rankings: new Map(),
  };
}

/** Matrix answer columns by question id and row (`id/row`; "other" texts left out), as citizenRecord reads them. */
function matrixColumns(columns: ReadonlyMap<string, CodedColumn>): Map<string, Map<string, CodedColumn>> {
  const out = new Map<string, Map<string, CodedColumn>>();
  for (const [key, col] of columns) {
    const slash = key.indexOf("/");
    if (slash <= 0) continue;
    const row = key.slice(slash + 1);
    if (row === "other") continue;
    const id = key.slice(0, slash);
    let rows = out.get(id);
    if (!rows) out.set(id, (rows = new Map<string, CodedColumn>()));
    rows.set(row, col);
  }
  return out;
}

/** A citizen's categories and stratum, as citizenRecord computes them; shared by citizens with the same answers. */
function ownCategories(
  plan: Plan,
  i: number,
  margins: ReadonlyMap<string, ReadonlySet<string>>,
  strataVariable: string,
  valueAt: (col: CodedColumn | undefined, i: number) => string | undefined,
): { categories: Readonly<Record<string, string>>; strata: string } {
  const answers = plan.weighting.map((w) => valueAt(w.column, i));
  const key = answers.map((a) => (a === undefined ? "\u0001" : `\u0002${a}`)).join("\u0000");
  let found = plan.categories.get(key);
  if (found) return found;
  const own: Record<string, string> = {};
  plan.weighting.forEach((w, k) => {
    if (answers[k] !== undefined) own[w.variable] = answers[k];
  });
  const categories = marginCategories(own, margins);
  plan.categories.set(key, (found = { categories, strata: own[strataVariable] ?? "" }));
  return found;
}

/** The codes a citizen's answers to some questions list, remembered per combination of answers. */
function listed(
  cache: Map<string, string[]>,
  questions: readonly (CodedColumn | undefined)[],
  i: number,
  valueAt: (col: CodedColumn | undefined, i: number) => string | undefined,
  parse: (answers: (string | undefined)[]) => string[],
): string[] {
  const answers = questions.map((col) => valueAt(col, i));
  const key = answers.map((a) => a ?? "").join("\u0000");
  let codes = cache.get(key);
  if (!codes) cache.set(key, (codes = parse(answers)));
  return codes;
}

/** The services used, once each, in the order of the record's keys (`used[code] = {}` in answer order). */
function usedCodes(answers: (string | undefined)[]): string[] {
  const used: Record<string, true> = {};
  for (const a of answers) for (const code of (a ?? "").split(" ").filter((c) => c && c !== "other")) used[code] = true;
  return Object.keys(used);
}

function rankedCodes(answers: (string | undefined)[]): string[] {
  return answers.flatMap((a) => (a ?? "").split(" ").filter(Boolean));
}
