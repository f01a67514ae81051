import type { CitizenRecord } from "./records.js";

/**
 * The citizens' answers the analysis reads, as typed columns: one entry per citizen (or per use of a
 * service) instead of one object per citizen, so the ranking, its sensitivities, the bootstrap, the
 * importance–performance points and the coverage read arrays, not 35,000 objects keyed by service.
 * A service is a column index into `codes`. The uses of a service keep the order of the answer,
 * because the coverage adds each citizen's contacts in that order (floating-point sums must not move).
 */
export interface CitizenColumns {
  /** Number of citizens. */
  n: number;
  /** Resampling stratum of each citizen (the quartiere) for the bootstrap. */
  strata: readonly string[];
  /** Starting (design) weight of each citizen; 1 when absent. Raking multiplies it. */
  weight: Float64Array;
  /** Margin variable → category of each citizen (citizens with the same categories may share one object). */
  categories: ReadonlyArray<Readonly<Record<string, string>>>;
  /** Service code of each column: every service some citizen used, rated or ranked. */
  codes: readonly string[];
  /** The uses of citizen i are entries useStart[i] … useStart[i + 1] − 1 (services used in the last 12 months). */
  useStart: Int32Array;
  /** Column of the service of each use. */
  useCode: Int32Array;
  /** Per use: the follow-up answers; NaN for no answer. `offices` is the number of offices (1 or more). */
  frequency: Float64Array;
  offices: Float64Array;
  repeatVisits: Float64Array;
  timeLost: Float64Array;
  /** Per use: 1–10; NaN for no answer and for «non so». */
  satisfaction: Float64Array;
  /**
   * Per column, per citizen: the importance of having the service at the desk (best–worst score or
   * 1–10 grid, as CitizenRecord.importance); NaN where the citizen was not asked or did not answer.
   */
  importance: Float64Array[];
  /** Citizen i's ranking (top-m in order of preference) is rankCode[rankStart[i] … rankStart[i + 1] − 1]. */
  rankStart: Int32Array;
  rankCode: Int32Array;
}

/** The columns of analysis records: the form tests write their fixtures in, and the records' exact content. */
export function citizenColumns(records: ReadonlyArray<CitizenRecord>): CitizenColumns {
  const n = records.length;
  const codes: string[] = [];
  const index = new Map<string, number>();
  const column = (code: string): number => {
    let k = index.get(code);
    if (k === undefined) {
      k = codes.length;
      codes.push(code);
      index.set(code, k);
    }
    return k;
  };
  let uses = 0;
  let ranks = 0;
  for (const r of records) {
    for (const code in r.used) column(code);
    for (const code in r.importance) column(code);
    for (const code of r.ranking) column(code);
    uses += Object.keys(r.used).length;
    ranks += r.ranking.length;
  }
  const out = emptyColumns(n, codes, uses, ranks);
  let u = 0;
  let p = 0;
  records.forEach((r, i) => {
    out.weight[i] = r.weight ?? 1;
    out.useStart[i] = u;
    for (const code of Object.keys(r.used)) {
      const use = r.used[code];
      out.useCode[u] = index.get(code)!;
      out.frequency[u] = use.frequency ?? Number.NaN;
      out.offices[u] = use.offices ?? Number.NaN;
      out.repeatVisits[u] = use.repeatVisits ?? Number.NaN;
      out.timeLost[u] = use.timeLost ?? Number.NaN;
      out.satisfaction[u] = typeof use.satisfaction === "number" ? use.satisfaction : Number.NaN;
      u++;
    }
    for (const code in r.importance) {
      const value = r.importance[code];
      if (value !== undefined) out.importance[index.get(code)!][i] = value;
    }
    out.rankStart[i] = p;
    for (const code of r.ranking) out.rankCode[p++] = index.get(code)!;
  });
  out.useStart[n] = u;
  out.rankStart[n] = p;
  return {
    ...out,
    strata: records.map((r) => r.strata),
    categories: records.map((r) => r.categories),
  };
}

/** Columns of n citizens, `uses` uses and `ranks` ranked entries, every answer missing; weights 1. */
export function emptyColumns(n: number, codes: readonly string[], uses: number, ranks: number): CitizenColumns {
  const missing = () => new Float64Array(uses).fill(Number.NaN);
  return {
    n,
    strata: new Array<string>(n).fill(""),
    weight: new Float64Array(n).fill(1),
    categories: new Array<Record<string, string>>(n).fill({}),
    codes,
    useStart: new Int32Array(n + 1),
    useCode: new Int32Array(uses),
    frequency: missing(),
    offices: missing(),
    repeatVisits: missing(),
    timeLost: missing(),
    satisfaction: missing(),
    importance: codes.map(() => new Float64Array(n).fill(Number.NaN)),
    rankStart: new Int32Array(n + 1),
    rankCode: new Int32Array(ranks),
  };
}

/** The citizens at `rows` (in that order), with their answers; the whole columns when rows are all, in order. */
export function selectCitizens(c: CitizenColumns, rows: readonly number[]): CitizenColumns {
  if (rows.length === c.n && rows.every((r, i) => r === i)) return c;
  let uses = 0;
  let ranks = 0;
  for (const i of rows) {
    uses += c.useStart[i + 1] - c.useStart[i];
    ranks += c.rankStart[i + 1] - c.rankStart[i];
  }
  const out = emptyColumns(rows.length, c.codes, uses, ranks);
  let u = 0;
  let p = 0;
  rows.forEach((i, j) => {
    out.weight[j] = c.weight[i];
    out.useStart[j] = u;
    for (let e = c.useStart[i]; e < c.useStart[i + 1]; e++, u++) {
      out.useCode[u] = c.useCode[e];
      out.frequency[u] = c.frequency[e];
      out.offices[u] = c.offices[e];
      out.repeatVisits[u] = c.repeatVisits[e];
      out.timeLost[u] = c.timeLost[e];
      out.satisfaction[u] = c.satisfaction[e];
    }
    for (let k = 0; k < c.codes.length; k++) out.importance[k][j] = c.importance[k][i];
    out.rankStart[j] = p;
    for (let e = c.rankStart[i]; e < c.rankStart[i + 1]; e++) out.rankCode[p++] = c.rankCode[e];
  });
  out.useStart[rows.length] = u;
  out.rankStart[rows.length] = p;
  return { ...out, strata: rows.map((i) => c.strata[i]), categories: rows.map((i) => c.categories[i]) };
}

/** The same citizens and answers with other starting weights (the answers' arrays are shared). */
export function withWeights(c: CitizenColumns, weights: ArrayLike<number>): CitizenColumns {
  return { ...c, weight: Float64Array.from({ length: c.n }, (_, i) => weights[i]) };
}

/** True when both hold the very same answers (the same arrays), whatever their weights, strata or categories. */
export function sameAnswers(a: CitizenColumns, b: CitizenColumns): boolean {
  return (
    a.n === b.n &&
    a.codes === b.codes &&
    a.useStart === b.useStart &&
    a.useCode === b.useCode &&
    a.frequency === b.frequency &&
    a.offices === b.offices &&
    a.repeatVisits === b.repeatVisits &&
    a.timeLost === b.timeLost &&
    a.satisfaction === b.satisfaction &&
    a.importance === b.importance &&
    a.rankStart === b.rankStart &&
    a.rankCode === b.rankCode
  );
}
