import type { Answers } from "../surveys/options.js";
import type { DuplicateReport } from "../analysis/index.js";

/** One answer key's column: each respondent's value as a code into `values` (0: not answered). */
export interface CodedColumn {
  codes: Uint16Array | Uint32Array;
  values: (string | undefined)[];
  index: Map<string, number>;
}

/**
 * Every answer key's column, gathered in one pass over the respondents: codes in a typed array (a
 * few distinct values per key), so the columns of 35,000 respondents take kilobytes, not the
 * megabytes of arrays of strings; a column is decoded only while its question is estimated.
 */
export function answerColumns(answers: readonly Answers[]): Map<string, CodedColumn> {
  const columns = new Map<string, CodedColumn>();
  const n = answers.length;
  for (let i = 0; i < n; i++) {
    const a = answers[i];
    for (const key in a) {
      let col = columns.get(key);
      if (!col)
        columns.set(
          key,
          (col = {
            codes: n < 0xffff ? new Uint16Array(n) : new Uint32Array(n),
            values: [undefined],
            index: new Map(),
          }),
        );
      col.codes[i] = codeOf(col, a[key]);
    }
  }
  return columns;
}

/** The code of a value in a column, a new one (the next number) for a value not met before. */
export function codeOf(col: CodedColumn, value: string): number {
  let code = col.index.get(value);
  if (code === undefined) {
    code = col.values.length;
    col.values.push(value);
    col.index.set(value, code);
  }
  return code;
}

/** The answers of some respondents: rows of answer columns, in the order of the rows. */
export interface AnswerRows {
  columns: ReadonlyMap<string, CodedColumn>;
  rows: readonly number[];
}

/** A key's values at the rows (undefined: not answered). */
export function decodeRows(col: CodedColumn | undefined, rows: readonly number[]): (string | undefined)[] {
  const out = new Array<string | undefined>(rows.length);
  if (!col) return out.fill(undefined);
  for (let j = 0; j < rows.length; j++) out[j] = col.values[col.codes[rows[j]]];
  return out;
}

/** The keys some respondent at the rows answered. */
export function answeredKeys(answers: AnswerRows, total: number): Set<string> {
  // Every key of the columns was answered by someone: only a subset of the rows needs looking at.
  if (answers.rows.length === total) return new Set(answers.columns.keys());
  const out = new Set<string>();
  for (const [key, col] of answers.columns) if (answers.rows.some((i) => col.codes[i] !== 0)) out.add(key);
  return out;
}

/**
 * Rows with the same answers (the same values under the same keys), as findDuplicates groups answer
 * sets: groups in order of their first row, each in row order. Read from the columns: two rows have
 * the same answers when every column has the same code for both. Rows are grouped by a hash of their
 * codes and compared only within a hash (so no key text per response is built: findDuplicates on
 * 35,000 answer objects wrote 35 MB of keys, the columns' text keys 17 MB); `hashOf` is for tests,
 * which make every row collide to check that the comparison alone decides.
 */
export function duplicateRows(
  columns: ReadonlyMap<string, CodedColumn>,
  n: number,
  hashOf: (codes: readonly ArrayLike<number>[], row: number) => number = rowHash,
): DuplicateReport {
  const codes = [...columns.values()].map((c) => c.codes);
  const byHash = new Map<number, number[][]>();
  const all: number[][] = [];
  for (let i = 0; i < n; i++) {
    const h = hashOf(codes, i);
    let candidates = byHash.get(h);
    if (!candidates) byHash.set(h, (candidates = []));
    const group = candidates.find((g) => sameRow(codes, g[0], i));
    if (group) group.push(i);
    else {
      const created = [i];
      candidates.push(created);
      all.push(created);
    }
  }
  const groups = all.filter((g) => g.length > 1);
  return { groups, flagged: groups.flatMap((g) => g.slice(1)) };
}

/** FNV-1a over a row's (column, code) pairs, unanswered columns left out. */
function rowHash(codes: readonly ArrayLike<number>[], row: number): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < codes.length; k++) {
    const c = codes[k][row];
    if (c === 0) continue;
    h = Math.imul(h ^ k, 0x01000193);
    h = Math.imul(h ^ c, 0x01000193);
  }
  return h >>> 0;
}

function sameRow(codes: readonly ArrayLike<number>[], a: number, b: number): boolean {
  for (const col of codes) if (col[a] !== col[b]) return false;
  return true;
}
