import { describe, expect, it } from "vitest";
import { changesOf, codebookOf, columnKeys, parse, problemsOf, summary, surveyWith } from "./helpers.js";

const survey = surveyWith({ id: "classifica", type: "ranking", choicesFrom: "catalogue", size: 3, min: 2 });

describe("the ranking kind", () => {
  it("stores the chosen values in order, separated by a space", () => {
    expect(parse(survey, "classifica", { "classifica/1": "tari", "classifica/2": "cie", "classifica/3": "" })).toEqual({
      answers: { classifica: "tari cie" },
      errors: [],
    });
  });

  it("refuses a gap, a repeated value and too few positions", () => {
    expect(parse(survey, "classifica", { "classifica/1": "tari", "classifica/3": "cie" }).errors[0].field).toBe(
      "classifica/1",
    );
    expect(parse(survey, "classifica", { "classifica/1": "tari", "classifica/2": "tari" }).errors[0].field).toBe(
      "classifica/2",
    );
    expect(parse(survey, "classifica", { "classifica/1": "tari" }).errors[0].field).toBe("classifica/2");
  });

  it("has one column, described as values in order of preference", () => {
    expect(columnKeys(survey, "classifica")).toEqual(["classifica"]);
    expect(codebookOf(survey, "classifica").note).toBe(
      "fino a 3 valori separati da uno spazio, in ordine di preferenza",
    );
  });

  it("shows the positions numbered", () => {
    expect(summary(survey, "classifica", { classifica: "tari cie" })).toEqual([
      { label: "", value: "1. Servizio tari; 2. Servizio cie" },
    ]);
  });
});

describe("the ranking kind's definition check", () => {
  it("refuses a size beyond the choices and a min above size", () => {
    expect(
      problemsOf(surveyWith({ id: "r", type: "ranking", choicesFrom: "catalogue", size: 9, min: 10 }), "r"),
    ).toEqual([
      { path: "q.size", message: "size supera il numero di scelte" },
      { path: "q.min", message: "min è maggiore di size" },
    ]);
  });
});

describe("the ranking kind's compatibility rule", () => {
  it("keeps choices from the catalogue", () => {
    const before = surveyWith({ id: "r", type: "ranking", choicesFrom: "catalogue", size: 2 });
    expect(changesOf(before, surveyWith({ id: "r", type: "ranking", choicesFrom: "catalogue", size: 3 }), "r")).toEqual(
      [],
    );
    const own = [
      { value: "a", label: { it: "A", en: "A" } },
      { value: "b", label: { it: "B", en: "B" } },
    ];
    expect(changesOf(before, surveyWith({ id: "r", type: "ranking", choices: own, size: 2 }), "r")).toEqual([
      {
        path: "q.choices",
        message:
          "la domanda «r» prendeva le scelte dal catalogo dei servizi nella versione 1: le risposte raccolte non avrebbero più lo stesso significato. Usi un nuovo id.",
      },
    ]);
  });
});
