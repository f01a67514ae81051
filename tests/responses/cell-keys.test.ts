import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/client.js";
import { insertResponse, listResponses } from "../../src/storage/sqlite-responses.js";

const at = "2026-01-01T00:00:00.000Z";
/** The hand-written migration that fills the keys (its number moves as other migrations land before it). */
const FILL = `migrations/${readdirSync("migrations").find((f) => f.endsWith("_response_cell_key_fill.sql"))}`;
const store = (db: ReturnType<typeof openDatabase>, id: string, answers: Record<string, string>) =>
  insertResponse(db, {
    id,
    surveyId: "prova",
    surveyVersion: 1,
    channel: "web",
    lang: "it",
    startedAt: at,
    submittedAt: at,
    answers,
  });

describe("the record key of the cell-key method", () => {
  it("is drawn at random for every stored response, in [0, 2^32), independent of its answers", () => {
    const db = openDatabase(":memory:");
    // Identical answers and times: only randomness can make the keys differ.
    for (let i = 0; i < 200; i++) store(db, `r${i}`, { eta: "30_44" });
    const keys = listResponses(db, "prova").map((r) => r.cellKey!);
    expect(keys.every((k) => Number.isInteger(k) && k >= 0 && k < 2 ** 32)).toBe(true);
    expect(new Set(keys).size).toBe(200);
    // Spread over the range (a key in each quarter), as a uniform draw is.
    for (let q = 0; q < 4; q++) expect(keys.some((k) => Math.floor(k / 2 ** 30) === q)).toBe(true);
  });

  it("is given to rows stored before it existed by the migration, at random, never from other data", () => {
    const db = openDatabase(":memory:");
    for (let i = 0; i < 100; i++) store(db, `r${i}`, { eta: "30_44" });
    db.$client.exec("UPDATE responses SET cell_key = NULL");
    db.$client.exec(readFileSync(FILL, "utf8"));
    const keys = listResponses(db, "prova").map((r) => r.cellKey);
    expect(keys.every((k) => typeof k === "number" && Number.isInteger(k) && k >= 0 && k < 2 ** 32)).toBe(true);
    expect(new Set(keys).size).toBe(100);
    // Running it again changes nothing: only missing keys are filled.
    db.$client.exec(readFileSync(FILL, "utf8"));
    expect(listResponses(db, "prova").map((r) => r.cellKey)).toEqual(keys);
  });
});
