import { describe, expect, it } from "vitest";
import { codebookOf, parse, problemsOf, summary, surveyWith } from "./helpers.js";

const survey = surveyWith({ id: "quando", type: "date", min: "2025-01-01", max: "2026-12-31" });

describe("the date kind", () => {
  it("stores an ISO date, from the date input or as Italians type it", () => {
    expect(parse(survey, "quando", { quando: "2025-03-31" }).answers).toEqual({ quando: "2025-03-31" });
    expect(parse(survey, "quando", { quando: "31/3/2025" }).answers).toEqual({ quando: "2025-03-31" });
  });

  it("refuses a date that does not exist or is out of range", () => {
    expect(parse(survey, "quando", { quando: "30/02/2025" }).errors).toHaveLength(1);
    expect(parse(survey, "quando", { quando: "2024-12-31" }).errors[0].message).toContain("01/01/2025");
  });

  it("is described as AAAA-MM-GG and shown as stored", () => {
    expect(codebookOf(survey, "quando").note).toBe("data AAAA-MM-GG");
    expect(summary(survey, "quando", { quando: "2025-03-31" })).toEqual([{ label: "", value: "2025-03-31" }]);
  });
});

describe("the date kind's definition check", () => {
  it("refuses a min after max", () => {
    expect(problemsOf(surveyWith({ id: "d", type: "date", min: "2026-12-01", max: "2026-01-01" }), "d")).toEqual([
      { path: "q.min", message: "min è successiva a max" },
    ]);
    expect(problemsOf(surveyWith({ id: "d", type: "date", min: "2026-01-01", max: "2026-12-01" }), "d")).toEqual([]);
  });
});
