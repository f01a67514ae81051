import { describe, expect, it } from "vitest";
import { codebookOf, parse, problemsOf, summary, surveyWith } from "./helpers.js";

const survey = surveyWith({ id: "ufficio", type: "text", maxLength: 10 });

describe("the short-text kind", () => {
  it("stores the text on one line, without control characters", () => {
    expect(parse(survey, "ufficio", { ufficio: " Ana\ngrafe " }).answers).toEqual({ ufficio: "Ana grafe" });
  });

  it("refuses a text longer than its maximum", () => {
    expect(parse(survey, "ufficio", { ufficio: "Ufficio anagrafe" }).errors[0].message).toContain("10");
  });

  it("is described as free text and shown as typed", () => {
    expect(codebookOf(survey, "ufficio").note).toBe("testo libero (al massimo 10 caratteri)");
    expect(summary(survey, "ufficio", { ufficio: "Anagrafe" })).toEqual([{ label: "", value: "Anagrafe" }]);
  });
});

describe("the text kind's definition check", () => {
  it("has nothing to add to the schema", () => {
    expect(problemsOf(surveyWith({ id: "t", type: "text" }), "t")).toEqual([]);
  });
});
