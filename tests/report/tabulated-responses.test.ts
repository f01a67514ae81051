import { describe, expect, it } from "vitest";
import type { ResponseWithAnswers } from "../../src/responses/records.js";
import { answerColumns, type CodedColumn } from "../../src/report/answer-columns.js";
import { tabulateResponses, tabulatedColumns } from "../../src/report/tabulated-responses.js";
import { answersJson } from "../../src/storage/answers-json.js";
import type { Answers } from "../../src/surveys/options.js";

/** A response as the storage reads it: its answers parsed from the stored text. */
function stored(i: number, answers: Answers): ResponseWithAnswers {
  return {
    id: `r${i}`,
    surveyId: "cittadini",
    surveyVersion: 1 + (i % 2),
    channel: "web",
    lang: "it",
    startedAt: null,
    submittedAt: `2026-11-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00.000Z`,
    synthetic: false,
    enteredBy: null,
    cellKey: i,
    answers: JSON.parse(answersJson(answers)) as Answers,
  };
}

const ANSWERS: Answers[] = [
  { eta: "30_44", sesso: "F", "servizi/anagrafe": "3", note: 'dice "sì"\nriga due' },
  {},
  { "10": "a", "9": "b", eta: "30_44", città: "Limbiate" },
  { sesso: "M", "servizi/anagrafe": "3", zz: "ultimo" },
  { eta: "65_plus", sesso: "F", "servizi/anagrafe": "non_so" },
];

function plain(columns: ReadonlyMap<string, CodedColumn>) {
  return [...columns].map(([key, c]) => ({
    key,
    values: c.values,
    codes: Array.from(c.codes),
    type: c.codes.constructor.name,
  }));
}

describe("responses read into the report's answer columns", () => {
  it("gives back each response as the storage read it: same fields, same answers in the same order", () => {
    const rows = ANSWERS.map((a, i) => stored(i, a));
    const tabulated = tabulateResponses(rows);
    expect(JSON.stringify(tabulated)).toBe(JSON.stringify(rows));
    tabulated.forEach((r, i) => {
      expect(Object.keys(r.answers)).toEqual(Object.keys(rows[i].answers));
      expect(r.answers).toEqual(rows[i].answers);
      expect(r.cellKey).toBe(i);
    });
    // Each read is a new object: changing one changes nothing stored.
    tabulated[0].answers.eta = "altro";
    expect(tabulated[0].answers.eta).toBe("30_44");
  });

  it("keeps a key named __proto__ an answer, as JSON.parse does", () => {
    const row = { ...stored(0, {}), answers: JSON.parse('{"__proto__":"x","a":"1"}') as Answers };
    const [r] = tabulateResponses([row]);
    expect(Object.keys(r.answers)).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(r.answers)).toBe(Object.prototype);
    expect(JSON.stringify(r.answers)).toBe('{"__proto__":"x","a":"1"}');
  });

  it("has exactly the columns answerColumns makes of the same answers, past its first thousand rows", () => {
    const many = Array.from({ length: 2500 }, (_, i) => ({
      ...ANSWERS[i % ANSWERS.length],
      ...(i % 7 === 0 ? { [`raro${i % 3}`]: String(i % 4) } : {}),
    }));
    const rows = many.map((a, i) => stored(i, a));
    const tabulated = tabulateResponses(rows);
    expect(plain(tabulatedColumns(tabulated)!)).toEqual(plain(answerColumns(rows.map((r) => r.answers))));
  });

  it("uses 32-bit codes from 65,535 rows on, as answerColumns does", () => {
    const rows = Array.from({ length: 70_000 }, (_, i) => stored(i, { a: String(i % 3), b: String(i) }));
    const columns = tabulatedColumns(tabulateResponses(rows))!;
    expect(plain(columns)).toEqual(plain(answerColumns(rows.map((r) => r.answers))));
    expect(columns.get("b")!.codes).toBeInstanceOf(Uint32Array);
  });

  it("has no columns for an array it did not read, and empty ones for no responses", () => {
    const rows = ANSWERS.map((a, i) => stored(i, a));
    expect(tabulatedColumns(rows)).toBeUndefined();
    const none = tabulateResponses([]);
    expect(none).toEqual([]);
    expect(tabulatedColumns(none)!.size).toBe(0);
  });
});
