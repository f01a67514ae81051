import { describe, expect, it } from "vitest";
import { codebookOf, parse, summary, surveyWith } from "./helpers.js";

const survey = surveyWith({ id: "commento", type: "textarea", required: true });

describe("the long-text kind", () => {
  it("keeps line breaks (normalised) and drops other control characters", () => {
    expect(parse(survey, "commento", { commento: "Più orari\r\nil\u0007 sabato" }).answers).toEqual({
      commento: "Più orari\nil sabato",
    });
  });

  it("requires an answer when required, blank text included", () => {
    expect(parse(survey, "commento", { commento: "   " }).errors[0].message).toBe("Risponda a questa domanda.");
  });

  it("is described with its default maximum and shown as typed", () => {
    expect(codebookOf(survey, "commento").note).toBe("testo libero (al massimo 2000 caratteri)");
    expect(summary(survey, "commento", { commento: "Grazie" })).toEqual([{ label: "", value: "Grazie" }]);
  });
});
