import { describe, expect, it } from "vitest";
import { evaluate, referencedQuestions } from "../../src/surveys/conditions.js";

const answers = { eta: "65_74", usati: "cie tari", figli: "2", "soddisfazione/cie": "4", vuota: "" };

describe("conditions", () => {
  it("equals matches a single answer, or one of the values of a multiple answer", () => {
    expect(evaluate({ question: "eta", equals: "65_74" }, answers)).toBe(true);
    expect(evaluate({ question: "eta", equals: "18_29" }, answers)).toBe(false);
    expect(evaluate({ question: "usati", equals: "tari" }, answers)).toBe(true);
    expect(evaluate({ question: "usati", equals: "imu" }, answers)).toBe(false);
    expect(evaluate({ question: "figli", equals: 2 }, answers)).toBe(true);
  });

  it("in, gte and lte; numeric comparisons on matrix rows", () => {
    expect(evaluate({ question: "eta", in: ["65_74", "75_piu"] }, answers)).toBe(true);
    expect(evaluate({ question: "usati", in: ["imu", "scuola"] }, answers)).toBe(false);
    expect(evaluate({ question: "figli", gte: 1 }, answers)).toBe(true);
    expect(evaluate({ question: "figli", gte: 3 }, answers)).toBe(false);
    expect(evaluate({ question: "soddisfazione/cie", lte: 5 }, answers)).toBe(true);
    expect(evaluate({ question: "eta", gte: 1 }, answers)).toBe(false);
  });

  it("an unanswered question satisfies nothing but answered: false", () => {
    expect(evaluate({ question: "manca", equals: "x" }, answers)).toBe(false);
    expect(evaluate({ question: "manca", lte: 100 }, answers)).toBe(false);
    expect(evaluate({ question: "vuota", answered: true }, answers)).toBe(false);
    expect(evaluate({ question: "manca", answered: false }, answers)).toBe(true);
    expect(evaluate({ question: "eta", answered: true }, answers)).toBe(true);
  });

  it("all, any and not combine", () => {
    const parentOfOld = {
      all: [
        { question: "figli", gte: 1 },
        {
          any: [
            { question: "eta", equals: "65_74" },
            { question: "eta", equals: "75_piu" },
          ],
        },
      ],
    };
    expect(evaluate(parentOfOld, answers)).toBe(true);
    expect(evaluate({ not: parentOfOld }, answers)).toBe(false);
    expect(
      evaluate(
        {
          all: [
            { question: "figli", gte: 1 },
            { question: "usati", equals: "imu" },
          ],
        },
        answers,
      ),
    ).toBe(false);
    expect(referencedQuestions(parentOfOld)).toEqual(["figli", "eta", "eta"]);
    expect(referencedQuestions({ question: "soddisfazione/cie", lte: 5 })).toEqual(["soddisfazione"]);
  });
});
