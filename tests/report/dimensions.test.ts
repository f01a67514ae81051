import { describe, expect, it } from "vitest";
import { areaVariableOf, dimensionsOf, variableLabelsOf } from "../../src/report/dimensions.js";
import { parseReportFilters, reportFilters } from "../../src/report/filters-policy.js";
import { weightingChoices } from "../../src/report/load.js";
import { checkSurvey } from "../../src/surveys/checks.js";
import type { LoadedSurvey } from "../../src/surveys/loader.js";
import { allQuestions } from "../../src/surveys/options.js";
import { citizenSurvey, reportOf, syntheticSample } from "./fixtures.js";

/** The shipped questionnaire with its weighting variables renamed, as another comune might name them. */
function renamed(names: Record<string, string>, dropDimensions = false): LoadedSurvey {
  const copy = structuredClone(citizenSurvey);
  for (const q of allQuestions(copy.definition)) {
    if (q.analysis?.role !== "weighting" || !q.analysis.variable) continue;
    q.analysis.variable = names[q.analysis.variable] ?? q.analysis.variable;
    if (dropDimensions) delete q.analysis.dimension;
  }
  return copy;
}

describe("census dimensions found by the questions' analysis role, not by name", () => {
  it("the shipped questionnaire marks its area, age band and sex", () => {
    expect(dimensionsOf(citizenSurvey).map((d) => [d.dimension, d.variable])).toEqual([
      ["area", "quartiere"],
      ["age", "eta"],
      ["sex", "sesso"],
    ]);
    expect(variableLabelsOf(citizenSurvey)).toEqual({ quartiere: "Quartiere", eta: "Fascia d'età", sesso: "Sesso" });
  });

  it("another comune's names: the strata and the filters follow the marks", () => {
    const survey = renamed({ quartiere: "zona", eta: "classe_eta" });
    expect(areaVariableOf(survey)).toBe("zona");
    const filters = reportFilters(dimensionsOf(survey));
    expect(filters.map((f) => f.param)).toEqual(["zona", "classe_eta", "canale"]);
    const area = [...weightingChoices(survey).get("zona")!][0];
    expect(parseReportFilters({ zona: area }, weightingChoices(survey), filters)).toEqual({
      ok: true,
      filters: { groups: { zona: area } },
    });
    expect(parseReportFilters({ quartiere: area }, weightingChoices(survey), filters)).toEqual({
      ok: true,
      filters: { groups: {} },
    });
  });

  it("a questionnaire without marks: one stratum, the channel filter only", () => {
    const survey = renamed({}, true);
    expect(dimensionsOf(survey)).toEqual([]);
    expect(areaVariableOf(survey)).toBe("");
    expect(reportFilters(dimensionsOf(survey)).map((f) => f.param)).toEqual(["canale"]);
  });

  it("the definition check refuses a dimension twice or on a question that does not weight", () => {
    const twice = structuredClone(citizenSurvey.definition);
    const weighting = allQuestions(twice).filter((q) => q.analysis?.role === "weighting");
    weighting[1].analysis!.dimension = weighting[0].analysis!.dimension;
    expect(checkSurvey(twice, citizenSurvey.catalogue).map((p) => p.message)).toContainEqual(
      expect.stringMatching(/è già indicata da un'altra domanda/),
    );
    const other = structuredClone(citizenSurvey.definition);
    const notWeighting = allQuestions(other).find((q) => q.analysis && q.analysis.role !== "weighting")!;
    notWeighting.analysis!.dimension = "area";
    expect(checkSurvey(other, citizenSurvey.catalogue).map((p) => p.path)).toContainEqual(
      expect.stringMatching(/analysis\.dimension$/),
    );
  });
});

describe("the report says which strata its bootstrap resampled within", () => {
  const sample = syntheticSample(120, 12, 5);

  it("the area the questionnaire marks, under the name it gives it", () => {
    expect(reportOf(sample).weighting.strata).toBe("quartiere");
    expect(reportOf(sample, { citizenSurvey: renamed({}, true) }).weighting.strata).toBe("");
  });
});
