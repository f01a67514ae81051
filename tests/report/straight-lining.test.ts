import { describe, expect, it } from "vitest";
import { protection } from "../../src/report/protection.js";
import { weighSample } from "../../src/report/sample.js";
import { tabulateResponses } from "../../src/report/tabulated-responses.js";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";
import type { ResponseWithAnswers } from "../../src/responses/records.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { allQuestions, type Answers } from "../../src/surveys/options.js";
import { SHIPPED_SURVEYS } from "../helpers/app.js";

const shipped = loadDefinitions(SHIPPED_SURVEYS).surveys.get("cittadini")!;

/**
 * The shipped questionnaire as an older kind of survey that measured importance with a 1–10 grid:
 * its satisfaction grid takes the importance role, the best–worst question loses it.
 */
function gridSurvey() {
  const definition = structuredClone(shipped.definition);
  for (const q of allQuestions(definition)) {
    if (q.id === "soddisfazione" && q.analysis) q.analysis = { ...q.analysis, role: "importance" };
    else if (q.analysis?.role === "importance") delete q.analysis;
  }
  return { ...shipped, definition };
}

function response(i: number, answers: Answers): ResponseWithAnswers {
  return {
    id: `r${i}`,
    surveyId: "cittadini",
    surveyVersion: shipped.definition.version,
    channel: "paper",
    lang: "it",
    startedAt: null,
    submittedAt: `2026-11-10T10:00:0${i}.000Z`,
    synthetic: false,
    enteredBy: null,
    cellKey: i,
    answers,
  };
}

const grid = (marks: string[]): Answers =>
  Object.fromEntries(marks.map((m, k) => [`soddisfazione/${["anagrafe", "cie", "imu", "tari", "scuola"][k]}`, m]));

describe("straight-lining on an importance grid", () => {
  it("flags the same mark on every answered row (four at least), from answer objects and from the columns alike", () => {
    const citizens = [
      response(0, grid(["7", "7", "7", "7"])), // four rows, one mark: flagged
      response(1, grid(["7", "7", "7"])), // three rows only
      response(2, grid(["7", "7", "8", "7", "7"])),
      response(3, { ...grid(["10", "10", "10", "10", "10"]), eta: "30_44" }), // flagged
      response(4, grid(["non_so", "non_so", "non_so", "non_so"])), // no mark given
      response(5, { eta: "45_64" }),
      response(6, { ...grid(["3", "3", "3", "3"]), "soddisfazione/other": "3" }), // flagged
    ];
    const input = { citizenSurvey: gridSurvey(), settings: DEFAULT_SETTINGS };
    const fromObjects = weighSample({ ...input, citizens }, protection(false));
    expect(fromObjects.quality.straightLiners.count).toBe(3);
    const fromColumns = weighSample({ ...input, citizens: tabulateResponses(citizens) }, protection(false));
    expect(fromColumns.quality).toEqual(fromObjects.quality);
  });
});
