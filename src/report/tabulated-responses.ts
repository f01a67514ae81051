import type { Lang } from "../surveys/messages.js";
import type { Channel } from "../surveys/vocabulary.js";
import type { ResponseWithAnswers, StoredResponse } from "../responses/records.js";
import type { Answers } from "../surveys/options.js";
import { doubled } from "../analysis/typed-arrays.js";
import { codeOf, type CodedColumn } from "./answer-columns.js";

/**
 * The responses a report reads, with their answers gathered into coded columns as they are read
 * instead of kept as one object per response: each object lives only until its answers are in the
 * columns. At 35,000 responses the objects took 74 MB for the whole build, more than half of it V8's
 * hidden classes (the key sets differ from response to response); the columns take a few MB.
 *
 * A response's `answers` is still there to read: it is rebuilt from the columns at each read, its keys
 * in code-unit order as in the stored text, so it is the very object `JSON.parse` gave (same keys, same
 * values, same order). The report's hot paths read the columns instead (`tabulatedColumns`).
 */
export function tabulateResponses(rows: Iterable<ResponseWithAnswers>): StoredResponse[] {
  const tabulator = new ResponseTabulator();
  for (const row of rows) tabulator.add(row);
  return tabulator.finish();
}

/** tabulateResponses one response at a time, for a reader that gets them asynchronously. */
export class ResponseTabulator {
  private readonly table = new AnswerTable();
  private readonly responses: StoredResponse[] = [];

  add(row: ResponseWithAnswers): void {
    this.table.add(row.answers);
    this.responses.push(new TabulatedResponse(row, this.table, this.responses.length));
  }

  finish(): StoredResponse[] {
    this.table.seal();
    tables.set(this.responses, this.table);
    return this.responses;
  }
}

/**
 * The answer columns of responses read by tabulateResponses: exactly `answerColumns` of their answers
 * (the same keys in the same order, the same codes). Undefined for any other array.
 */
export function tabulatedColumns(responses: readonly StoredResponse[]): Map<string, CodedColumn> | undefined {
  return tables.get(responses)?.columns;
}

const tables = new WeakMap<readonly StoredResponse[], AnswerTable>();

/**
 * Coded columns filled one row at a time. While reading, each answer is a (column, code) pair in one
 * buffer; the columns' codes are written once the number of rows is known (growing every column's
 * array as the rows come copied them all at each doubling).
 */
class AnswerTable {
  readonly columns = new Map<string, CodedColumn>();
  private readonly byIndex: CodedColumn[] = [];
  private readonly columnIndex = new Map<string, number>();
  private rows = 0;
  private rowStart = new Int32Array(1024);
  private pairs = new Int32Array(32 * 1024);
  private length = 0;
  /** The columns by key in code-unit order, for rebuilding a row as the stored text had it. */
  private sorted: [string, CodedColumn][] = [];

  add(answers: Answers): void {
    if (this.rows + 1 >= this.rowStart.length) this.rowStart = doubled(this.rowStart);
    this.rowStart[this.rows++] = this.length;
    for (const key in answers) {
      let k = this.columnIndex.get(key);
      if (k === undefined) {
        k = this.byIndex.length;
        const col: CodedColumn = { codes: new Uint16Array(0), values: [undefined], index: new Map() };
        this.byIndex.push(col);
        this.columnIndex.set(key, k);
        this.columns.set(key, col);
      }
      const code = codeOf(this.byIndex[k], answers[key]);
      if (this.length + 2 > this.pairs.length) this.pairs = doubled(this.pairs);
      this.pairs[this.length++] = k;
      this.pairs[this.length++] = code;
    }
  }

  /** Writes the codes, in the array type answerColumns gives for that many rows. */
  seal(): void {
    const n = this.rows;
    this.rowStart[n] = this.length;
    for (const col of this.byIndex) col.codes = n < 0xffff ? new Uint16Array(n) : new Uint32Array(n);
    for (let i = 0; i < n; i++)
      for (let e = this.rowStart[i]; e < this.rowStart[i + 1]; e += 2)
        this.byIndex[this.pairs[e]].codes[i] = this.pairs[e + 1];
    this.pairs = new Int32Array(0);
    this.rowStart = new Int32Array(0);
    this.sorted = [...this.columns].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  row(i: number): Answers {
    const out: Answers = {};
    for (const [key, col] of this.sorted) {
      const code = col.codes[i];
      if (code === 0) continue;
      // JSON.parse makes "__proto__" an own property; an assignment would set the prototype instead.
      if (key === "__proto__")
        Object.defineProperty(out, key, {
          value: col.values[code],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[key] = col.values[code]!;
    }
    return out;
  }
}

/**
 * A stored response whose answers are a row of the table. Its own properties are the response's
 * others, in the order the storage gave them (private fields are not properties); `answers` comes
 * last in its JSON, as in a response the storage reads.
 */
class TabulatedResponse implements StoredResponse {
  declare readonly id: string;
  declare readonly surveyId: string;
  declare readonly surveyVersion: number;
  declare readonly channel: Channel;
  declare readonly lang: Lang;
  declare readonly startedAt: string | null;
  declare readonly submittedAt: string;
  declare readonly synthetic: boolean;
  declare readonly enteredBy: string | null;
  declare readonly cellKey: number | null;
  readonly #table: AnswerTable;
  readonly #row: number;

  constructor(response: ResponseWithAnswers, table: AnswerTable, row: number) {
    const { answers: _answers, ...meta } = response;
    Object.assign(this, meta);
    this.#table = table;
    this.#row = row;
  }

  get answers(): Answers {
    return this.#table.row(this.#row);
  }

  toJSON(): ResponseWithAnswers {
    return { ...this, answers: this.answers };
  }
}
