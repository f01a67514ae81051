import { describe, expect, it } from "vitest";
import * as analysis from "../../src/analysis/index.js";

describe("analysis public API", () => {
  it("exports every public function", () => {
    const names = [
      "createRng",
      "tQuantile",
      "tCdf",
      "wilson",
      "wilsonFromProportion",
      "weightedWilson",
      "effectiveSize",
      "meanInterval",
      "weightedMeanInterval",
      "rakedMeanInterval",
      "compileMargins",
      "ipf",
      "rake",
      "kish",
      "estimateCategories",
      "estimateMean",
      "computeCriteria",
      "rankServices",
      "bootstrapRanking",
      "weightSensitivity",
      "importancePerformance",
      "coverageCurve",
      "suppressCells",
      "isSmallBase",
      "findSpeeders",
      "findStraightLiners",
      "findDuplicates",
      "trainingNeeds",
    ];
    for (const name of names) expect(typeof (analysis as Record<string, unknown>)[name], name).toBe("function");
    expect(new analysis.AnalysisError("INVALID_INPUT", "x")).toBeInstanceOf(Error);
  });
});
