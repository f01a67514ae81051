import { describe, expect, it } from "vitest";
import { changesOf, codebookOf, columnKeys, parse, problemsOf, summary, surveyWith } from "./helpers.js";

const choices = [
  { value: "si", label: { it: "Sì", en: "Yes" } },
  { value: "no", label: { it: "No", en: "No" } },
];
const survey = surveyWith(
  { id: "scelta", type: "single", choices, other: true, required: true },
  { id: "servizio", type: "single", choicesFrom: "catalogue", display: "select" },
);

describe("the single-choice kind", () => {
  it("stores one offered value, and the «other» text with «other»", () => {
    expect(parse(survey, "scelta", { scelta: " si " })).toEqual({ answers: { scelta: "si" }, errors: [] });
    expect(parse(survey, "scelta", { scelta: "other", "scelta/other": "Forse" }).answers).toEqual({
      scelta: "other",
      "scelta/other": "Forse",
    });
    expect(parse(survey, "servizio", { servizio: "tari" }).answers).toEqual({ servizio: "tari" });
  });

  it("refuses a value not offered, a list, a missing required answer and a missing «other» text", () => {
    expect(parse(survey, "scelta", { scelta: "forse" }).errors.map((e) => e.field)).toEqual(["scelta"]);
    expect(parse(survey, "scelta", { scelta: ["si", "no"] }).errors[0].message).toBe(
      "Scelga una delle risposte proposte.",
    );
    expect(parse(survey, "scelta", {}).errors[0].message).toBe("Risponda a questa domanda.");
    expect(parse(survey, "scelta", { scelta: "other" }).errors.map((e) => e.field)).toEqual(["scelta/other"]);
    expect(parse(survey, "servizio", { servizio: "scuola" }).errors).toHaveLength(1);
  });

  it("has a value column and an «other» column, with the choices in the codebook", () => {
    expect(columnKeys(survey, "scelta")).toEqual(["scelta", "scelta/other"]);
    expect(codebookOf(survey, "scelta").values.map((v) => v.value)).toEqual(["si", "no", "other"]);
    expect(codebookOf(survey, "servizio").values.find((v) => v.value === "scuola")?.label.it).toBe(
      "Servizio scuola (dismesso)",
    );
  });

  it("shows the label of the answer, and the «other» text", () => {
    expect(summary(survey, "scelta", { scelta: "si" })).toEqual([{ label: "", value: "Sì" }]);
    expect(summary(survey, "scelta", { scelta: "other", "scelta/other": "Forse" }, "en")).toEqual([
      { label: "", value: "Other: Forse" },
    ]);
    expect(summary(survey, "scelta", {})).toEqual([]);
  });
});

describe("the single kind's definition check", () => {
  it("asks for exactly one of choices and choicesFrom", () => {
    const choices = [{ value: "a", label: { it: "A", en: "A" } }];
    expect(problemsOf(surveyWith({ id: "s", type: "single", choices, choicesFrom: "catalogue" }), "s")).toEqual([
      { path: "q", message: "indicare esattamente uno tra choices e choicesFrom" },
    ]);
    expect(problemsOf(surveyWith({ id: "s", type: "single", choices }), "s")).toEqual([]);
  });
});

describe("the single kind's compatibility rule", () => {
  it("keeps where the choices come from and what a published value means", () => {
    const a = [{ value: "a", label: { it: "A", en: "A" }, score: 1 }];
    const before = surveyWith({ id: "s", type: "single", choices: a });
    expect(changesOf(before, surveyWith({ id: "s", type: "single", choicesFrom: "catalogue" }), "s")).toEqual([
      {
        path: "q.choicesFrom",
        message:
          "la domanda «s» aveva un elenco di scelte proprio nella versione 1: le risposte raccolte non avrebbero più lo stesso significato. Usi un nuovo id.",
      },
    ]);
    expect(changesOf(before, surveyWith({ id: "s", type: "single", choices: [{ ...a[0], score: 2 }] }), "s")).toEqual([
      {
        path: "q.choices[0].score",
        message:
          "il valore «a» della domanda «s» valeva 1 nella versione 1: il punteggio di un valore pubblicato non cambia. Usi un nuovo valore.",
      },
    ]);
  });
});
