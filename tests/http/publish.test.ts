import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PublishedVersionChanged } from "../../src/admin/published-surveys.js";
import { publishSurveys, readPublishedSurveys } from "../../src/storage/sqlite-surveys.js";
import { openDatabase } from "../../src/db/client.js";
import { parseDefinitions } from "../../src/surveys/loader.js";
import { FIXTURE_SURVEYS } from "../helpers/app.js";

const read = (file: string): Record<string, any> => JSON.parse(readFileSync(join(FIXTURE_SURVEYS, file), "utf8"));

function load(survey: Record<string, any>) {
  const { definitions, problems } = parseDefinitions(
    new Map<string, unknown>([
      ["catalogo_prova.json", read("catalogo_prova.json")],
      ["prova.json", survey],
    ]),
  );
  expect(problems).toEqual([]);
  return [...definitions.surveys.values()];
}

describe("publishing survey versions", () => {
  it("records a version once and refuses the same version with different content", () => {
    const db = openDatabase(":memory:");
    const original = read("prova.json");
    publishSurveys(db, load(original));
    publishSurveys(db, load(original));
    expect(readPublishedSurveys(db).map((s) => `${s.definition.id}@${s.definition.version}`)).toEqual(["prova@1"]);

    const changed = read("prova.json");
    changed.pages[0].questions[0].choices[0].label.it = "Tra 18 e 44 anni";
    expect(() => publishSurveys(db, load(changed))).toThrow(PublishedVersionChanged);
    expect(() => publishSurveys(db, load(changed))).toThrow(
      /prova\.json: la versione 1 del questionario "prova" è già stata pubblicata con un contenuto diverso/,
    );

    changed.version = 2;
    publishSurveys(db, load(changed));
    const versions = readPublishedSurveys(db)
      .map((s) => s.definition.version)
      .sort((a, b) => a - b);
    expect(versions).toEqual([1, 2]);
    // The stored copy of version 1 is intact and gives the same fingerprint.
    expect(readPublishedSurveys(db).find((s) => s.definition.version === 1)!.hash).toBe(load(original)[0].hash);
  });

  it("does not record a survey whose status is draft", () => {
    const db = openDatabase(":memory:");
    publishSurveys(db, load({ ...read("prova.json"), status: "draft" }));
    expect(readPublishedSurveys(db)).toEqual([]);
  });
});
