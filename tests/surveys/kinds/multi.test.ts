import { describe, expect, it } from "vitest";
import { changesOf, codebookOf, columnKeys, parse, problemsOf, summary, surveyWith } from "./helpers.js";

const choices = ["a", "b", "c"].map((value) => ({ value, label: { it: value.toUpperCase(), en: value } }));
const survey = surveyWith({
  id: "scelte",
  type: "multi",
  choices: [...choices, { value: "nessuno", label: { it: "Nessuno", en: "None" }, exclusive: true }],
  max: 2,
});

describe("the multiple-choice kind", () => {
  it("stores the values in the definition's order, separated by a space", () => {
    expect(parse(survey, "scelte", { scelte: ["c", "a"] })).toEqual({ answers: { scelte: "a c" }, errors: [] });
    expect(parse(survey, "scelte", {})).toEqual({ answers: {}, errors: [] });
  });

  it("refuses too many values and an exclusive choice with others", () => {
    expect(parse(survey, "scelte", { scelte: ["a", "b", "c"] }).errors[0].message).toContain("2");
    expect(parse(survey, "scelte", { scelte: ["a", "nessuno"] }).errors[0].message).toContain("Nessuno");
  });

  it("has one column, described as space-separated values", () => {
    expect(columnKeys(survey, "scelte")).toEqual(["scelte"]);
    expect(codebookOf(survey, "scelte").note).toBe("più valori separati da uno spazio");
  });

  it("shows every label, separated by a semicolon", () => {
    expect(summary(survey, "scelte", { scelte: "a c" })).toEqual([{ label: "", value: "A; C" }]);
  });
});

describe("the multi kind's definition check", () => {
  it("refuses repeated values, min above max and a max beyond the choices", () => {
    const choices = ["a", "a"].map((value) => ({ value, label: { it: value, en: value } }));
    expect(problemsOf(surveyWith({ id: "m", type: "multi", choices, min: 3, max: 2 }), "m")).toEqual([
      { path: "q.choices", message: 'il valore "a" è ripetuto' },
      { path: "q.min", message: "min è maggiore di max" },
    ]);
    expect(problemsOf(surveyWith({ id: "m", type: "multi", choicesFrom: "catalogue", max: 9 }), "m")).toEqual([
      { path: "q.max", message: "max supera il numero di scelte" },
    ]);
  });
});

describe("the multi kind's compatibility rule", () => {
  it("keeps whether a published value excludes the others", () => {
    const none = { value: "nessuno", label: { it: "Nessuno", en: "None" } };
    const before = surveyWith({ id: "m", type: "multi", choices: [{ ...none, exclusive: true }] });
    expect(changesOf(before, surveyWith({ id: "m", type: "multi", choices: [none] }), "m")).toEqual([
      {
        path: "q.choices[0].exclusive",
        message:
          "il valore «nessuno» della domanda «m» si sceglieva da solo («nessuno di questi») nella versione 1: le risposte raccolte non avrebbero più lo stesso significato. Usi un nuovo valore.",
      },
    ]);
  });
});
