import { describe, expect, it } from "vitest";
import { changesOf, codebookOf, columnKeys, parse, problemsOf, summary, surveyWith } from "./helpers.js";

const survey = surveyWith({ id: "voto", type: "scale", min: 1, max: 10, dontKnow: true });

describe("the scale kind", () => {
  it("stores a point of the scale or «non so»", () => {
    expect(parse(survey, "voto", { voto: "07" }).answers).toEqual({ voto: "7" });
    expect(parse(survey, "voto", { voto: "non_so" }).answers).toEqual({ voto: "non_so" });
  });

  it("refuses a point outside the scale", () => {
    expect(parse(survey, "voto", { voto: "11" }).errors[0].message).toContain("10");
    expect(parse(survey, "voto", { voto: "0" }).errors).toHaveLength(1);
  });

  it("lists its points and «non so» in the codebook", () => {
    expect(columnKeys(survey, "voto")).toEqual(["voto"]);
    expect(codebookOf(survey, "voto")).toMatchObject({ type: "scale", note: "da 1 a 10; non_so = non so" });
    expect(codebookOf(survey, "voto").values).toHaveLength(11);
  });

  it("shows the point, or «Non so»", () => {
    expect(summary(survey, "voto", { voto: "7" })).toEqual([{ label: "", value: "7" }]);
    expect(summary(survey, "voto", { voto: "non_so" }, "en")).toEqual([{ label: "", value: "Don't know" }]);
  });
});

describe("the scale kind's definition check", () => {
  it("asks for max above min", () => {
    expect(problemsOf(surveyWith({ id: "s", type: "scale", min: 5, max: 5 }), "s")).toEqual([
      { path: "q.max", message: "max deve essere maggiore di min" },
    ]);
    expect(problemsOf(survey, "voto")).toEqual([]);
  });
});

describe("the scale kind's compatibility rule", () => {
  it("keeps the ends and «non so» of a published scale", () => {
    expect(
      changesOf(
        survey,
        surveyWith({
          id: "voto",
          type: "scale",
          min: 1,
          max: 10,
          dontKnow: true,
          label: { it: "Altro testo", en: "Other" },
        }),
        "voto",
      ),
    ).toEqual([]);
    expect(
      changesOf(survey, surveyWith({ id: "voto", type: "scale", min: 0, max: 10, dontKnow: true }), "voto"),
    ).toEqual([
      {
        path: "q.min",
        message:
          "la domanda «voto» era una scala da 1 a 10 con «non so» nella versione 1: non può diventare da 0 a 10 con «non so», i punteggi già raccolti cambierebbero significato. Usi un nuovo id.",
      },
    ]);
  });
});
