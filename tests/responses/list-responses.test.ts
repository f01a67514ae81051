import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { insertResponse, listResponses } from "../../src/storage/sqlite-responses.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { FIXTURE_SURVEYS } from "../helpers/app.js";

describe("listing a survey's responses", () => {
  // Read in chunks of 2,000: the list must not lose or reorder anything at a chunk's edge.
  it("returns every response with its own answers in submission order, across chunks", () => {
    const db = openDatabase(":memory:");
    publishSurveys(db, [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()]);
    const n = 2003;
    db.transaction((tx) => {
      // Inserted in reverse, with two sharing a submission time: the order is (submitted_at, id).
      for (let i = n - 1; i >= 0; i--) {
        const at = new Date(Date.UTC(2026, 0, 1) + Math.min(i, n - 2) * 1000).toISOString();
        insertResponse(tx, {
          id: `r${String(i).padStart(5, "0")}`,
          surveyId: "prova",
          surveyVersion: 1,
          channel: "web",
          lang: "it",
          startedAt: at,
          submittedAt: at,
          answers: { eta: `e${i}`, "soddisfazione/cie": String(i % 7) },
        });
      }
      insertResponse(tx, {
        id: "other",
        surveyId: "altro",
        surveyVersion: 1,
        channel: "web",
        lang: "it",
        startedAt: "2026-01-01T00:00:00.000Z",
        submittedAt: "2026-01-01T00:00:00.000Z",
        answers: { x: "1" },
      });
    });
    const list = listResponses(db, "prova");
    expect(list).toHaveLength(n);
    expect(list.map((r) => r.id)).toEqual(Array.from({ length: n }, (_, i) => `r${String(i).padStart(5, "0")}`));
    expect(
      list.every(
        (r, i) =>
          r.answers.eta === `e${i}` &&
          r.answers["soddisfazione/cie"] === String(i % 7) &&
          Object.keys(r.answers).length === 2,
      ),
    ).toBe(true);
    expect(list[0]).toMatchObject({
      surveyId: "prova",
      surveyVersion: 1,
      channel: "web",
      lang: "it",
      synthetic: false,
      enteredBy: null,
    });
  });
});
