import { describe, expect, it } from "vitest";
import { changesOf, codebookOf, parse, problemsOf, summary, surveyWith } from "./helpers.js";

const survey = surveyWith(
  { id: "anni", type: "number", min: 0, max: 120, integer: true },
  { id: "ore", type: "number" },
);

describe("the number kind", () => {
  it("stores a number written with a decimal comma as a plain number", () => {
    expect(parse(survey, "ore", { ore: " 3,5 " }).answers).toEqual({ ore: "3.5" });
    expect(parse(survey, "anni", { anni: "42" }).answers).toEqual({ anni: "42" });
  });

  it("refuses text, decimals where whole numbers are asked, and numbers out of range", () => {
    expect(parse(survey, "anni", { anni: "tre" }).errors).toHaveLength(1);
    expect(parse(survey, "anni", { anni: "2,5" }).errors[0].message).toBe("Scriva un numero intero, senza decimali.");
    expect(parse(survey, "anni", { anni: "121" }).errors).toHaveLength(1);
  });

  it("is described with its range and shown in the page's number format", () => {
    expect(codebookOf(survey, "anni").note).toBe("numero intero da 0 a 120");
    expect(summary(survey, "ore", { ore: "12345.5" })).toEqual([{ label: "", value: "12.345,5" }]);
  });
});

describe("the number kind's definition check", () => {
  it("refuses min above max", () => {
    expect(problemsOf(surveyWith({ id: "n", type: "number", min: 10, max: 2 }), "n")).toEqual([
      { path: "q.min", message: "min è maggiore di max" },
    ]);
    expect(problemsOf(surveyWith({ id: "n", type: "number", min: 2 }), "n")).toEqual([]);
  });
});

describe("the number kind's compatibility rule", () => {
  it("lets its limits change", () => {
    expect(
      changesOf(
        surveyWith({ id: "n", type: "number", min: 0 }),
        surveyWith({ id: "n", type: "number", min: 1, max: 9 }),
        "n",
      ),
    ).toEqual([]);
  });
});
