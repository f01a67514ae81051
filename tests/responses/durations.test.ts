import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { insertResponse, listResponses } from "../../src/storage/sqlite-responses.js";
import type { Channel } from "../../src/surveys/vocabulary.js";

/** The hand-written migration that clears the start time nobody measured (its number moves as migrations land before it). */
const CLEAR = `migrations/${readdirSync("migrations").find((f) => f.endsWith("_clear_unmeasured_durations.sql"))}`;
const at = "2026-01-01T10:00:00.000Z";

describe("start times only where measured", () => {
  it("stores a response without a start time", () => {
    const db = openDatabase(":memory:");
    insertResponse(db, {
      id: "p1",
      surveyId: "prova",
      surveyVersion: 1,
      channel: "paper",
      lang: "it",
      startedAt: null,
      submittedAt: at,
      answers: { eta: "30_44" },
    });
    expect(listResponses(db, "prova")[0].startedAt).toBeNull();
  });

  it("clears the start time older paper and imported rows got (equal to the submission), and keeps measured ones", () => {
    const db = openDatabase(":memory:");
    const store = (id: string, channel: Channel, startedAt: string) =>
      insertResponse(db, {
        id,
        surveyId: "prova",
        surveyVersion: 1,
        channel,
        lang: "it",
        startedAt,
        submittedAt: at,
        answers: { eta: "30_44" },
      });
    store("paper", "paper", at);
    store("import", "import", at);
    store("web", "web", "2026-01-01T09:50:00.000Z");
    store("kiosk", "kiosk", "2026-01-01T09:55:00.000Z");
    db.$client.exec(readFileSync(CLEAR, "utf8"));
    const started = Object.fromEntries(listResponses(db, "prova").map((r) => [r.id, r.startedAt]));
    expect(started).toEqual({
      paper: null,
      import: null,
      web: "2026-01-01T09:50:00.000Z",
      kiosk: "2026-01-01T09:55:00.000Z",
    });
  });
});
