import type { Answers } from "../surveys/options.js";

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
      const value = a[key];
      let code = col.index.get(value);
      if (code === undefined) {
        code = col.values.length;
        col.values.push(value);
        col.index.set(value, code);
      }
      col.codes[i] = code;
    }
  }
  return columns;
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
