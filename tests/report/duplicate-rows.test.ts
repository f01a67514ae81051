import { describe, expect, it } from "vitest";
import { findDuplicates } from "../../src/analysis/quality.js";
import { answerColumns, duplicateRows } from "../../src/report/answer-columns.js";
import type { Answers } from "../../src/surveys/options.js";

/** The report's duplicates check reads the answer columns; it must group exactly as findDuplicates does. */
describe("duplicate rows read from the answer columns", () => {
  it("groups the same answer sets as findDuplicates, in the same order", () => {
    const sets: Answers[] = [
      { a: "1", b: "x y" },
      { b: "x y", a: "1" },
      { a: "1" },
      { a: "1", b: "y x" },
      {},
      { c: "1" },
      { a: "1", b: "x y" },
      {},
      { a: "2", b: "x y" },
      { "10": "a", "9": "b" },
      { "9": "b", "10": "a" },
      { b: "1" },
      { c: "1" },
    ];
    const expected = findDuplicates(sets);
    expect(expected.groups).toEqual([
      [0, 1, 6],
      [4, 7],
      [5, 12],
      [9, 10],
    ]);
    expect(duplicateRows(answerColumns(sets), sets.length)).toEqual(expected);
  });

  it("decides by comparing the rows, not by their hash: with every row colliding, the same groups", () => {
    const sets: Answers[] = [];
    // 600 answer sets from a few values, so that many repeat and many differ by one answer.
    for (let i = 0; i < 600; i++) {
      const set: Answers = {};
      if (i % 3 !== 0) set.a = String((i * 7) % 4);
      if (i % 5 !== 0) set.b = ["x", "y", "x y"][(i * 11) % 3];
      if (i % 2 === 0) set.c = String((i * 13) % 3);
      sets.push(set);
    }
    const expected = findDuplicates(sets);
    expect(expected.groups.length).toBeGreaterThan(5);
    const columns = answerColumns(sets);
    expect(duplicateRows(columns, sets.length)).toEqual(expected);
    expect(duplicateRows(columns, sets.length, () => 0)).toEqual(expected);
  });

  it("finds none among different answer sets, and none in an empty sample", () => {
    const sets: Answers[] = [{ a: "1" }, { a: "2" }, { b: "1" }, { a: "1", b: "1" }];
    expect(duplicateRows(answerColumns(sets), sets.length)).toEqual({ groups: [], flagged: [] });
    expect(duplicateRows(answerColumns([]), 0)).toEqual({ groups: [], flagged: [] });
  });
});
