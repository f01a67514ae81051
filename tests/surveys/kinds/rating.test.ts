import { describe, expect, it } from "vitest";
import { codebookOf, parse, summary, surveyWith } from "./helpers.js";

const survey = surveyWith({ id: "stelle", type: "rating", required: true });

describe("the star-rating kind", () => {
  it("stores one to five stars and refuses anything else", () => {
    expect(parse(survey, "stelle", { stelle: "4" }).answers).toEqual({ stelle: "4" });
    expect(parse(survey, "stelle", { stelle: "6" }).errors).toHaveLength(1);
    expect(parse(survey, "stelle", { stelle: "non_so" }).errors).toHaveLength(1);
    expect(parse(survey, "stelle", {}).errors[0].message).toBe("Risponda a questa domanda.");
  });

  it("is described as stars from 1 to 5 and shown as n/5", () => {
    expect(codebookOf(survey, "stelle")).toMatchObject({ type: "rating", note: "stelle da 1 a 5" });
    expect(summary(survey, "stelle", { stelle: "4" })).toEqual([{ label: "", value: "4/5" }]);
  });
});
