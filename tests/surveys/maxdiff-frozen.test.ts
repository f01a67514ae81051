import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { publishSurveys, readPublishedSurveys } from "../../src/storage/sqlite-surveys.js";
import { publishDefinition } from "../../src/web/designer/publish.service.js";
import { listSurveyVersions } from "../../src/storage/sqlite-designer.js";
import { openDatabase } from "../../src/db/client.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";
import {
  answeredSets,
  generatedDesign,
  maxdiffDesign,
  setsOf,
  type MaxdiffQuestion,
} from "../../src/surveys/kinds/maxdiff.js";
import { loadDefinitions, parseDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { SHIPPED_SURVEYS } from "../helpers/app.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/maxdiff");
const readJson = (path: string): any => JSON.parse(readFileSync(path, "utf8"));
/** The sets of cittadini version 2 (released without a frozen design), as the generator built them then. */
const V2_DESIGN: string[][][] = readJson(join(import.meta.dirname, "../fixtures/maxdiff-designs/cittadini-v2.json"));

const bwOf = (survey: { definition: { pages: { questions: unknown[] }[] } }): MaxdiffQuestion =>
  survey.definition.pages
    .flatMap((p) => p.questions)
    .find((q) => (q as { type: string }).type === "maxdiff") as MaxdiffQuestion;

function loadBw(mutate: (q: any) => void = () => {}, mutateCatalogue: (c: any) => void = () => {}) {
  const survey = readJson(join(FIXTURES, "bw.json"));
  mutate(survey.pages[1].questions[0]);
  const catalogue = readJson(join(FIXTURES, "catalogo_bw.json"));
  mutateCatalogue(catalogue);
  return parseDefinitions(
    new Map<string, unknown>([
      ["catalogo_bw.json", catalogue],
      ["bw.json", survey],
    ]),
  );
}

describe("a published best–worst design never changes", () => {
  const cittadini = loadDefinitions(SHIPPED_SURVEYS).surveys.get("cittadini")!;
  const q = bwOf(cittadini);

  it("the generator still builds exactly the sets cittadini version 2 showed (it stored no design: a change of buildDesign fails here)", () => {
    const { design: _frozen, ...asInVersion2 } = q;
    expect(generatedDesign(asInVersion2 as MaxdiffQuestion, cittadini.catalogue)).toEqual(V2_DESIGN);
  });

  it("the shipped questionnaire carries its design frozen, and it is version 2's: a respondent's version number means the same sets", () => {
    expect(q.design).toEqual(V2_DESIGN);
    expect(maxdiffDesign(q, cittadini.catalogue)).toBe(q.design);
    expect(setsOf(q, cittadini.catalogue, 3)).toEqual(V2_DESIGN[2]);
  });

  it("a frozen design is used as it is, even where the generator would now build other sets", () => {
    const generated = generatedDesign(
      bwOf(loadBw().definitions.surveys.get("bw")!),
      loadBw().definitions.surveys.get("bw")!.catalogue,
    );
    const reversed = generated.map((version) => [...version].reverse());
    const { definitions, problems } = loadBw((bw) => (bw.design = reversed));
    expect(problems).toEqual([]);
    const survey = definitions.surveys.get("bw")!;
    expect(setsOf(bwOf(survey), survey.catalogue, 1)).toEqual(reversed[0]);
    expect(setsOf(bwOf(survey), survey.catalogue, 1)).not.toEqual(generated[0]);
  });

  it("refuses a frozen design of the wrong shape or with items the question does not have, saying where", () => {
    const generated = generatedDesign(
      bwOf(loadBw().definitions.surveys.get("bw")!),
      loadBw().definitions.surveys.get("bw")!.catalogue,
    );
    const problemsOf = (design: unknown): string[] => loadBw((bw) => (bw.design = design)).problems;
    expect(problemsOf(generated.slice(1)).join()).toMatch(/il disegno ha 3 versioni invece di 4/);
    expect(problemsOf([generated[0].slice(1), ...generated.slice(1)]).join()).toMatch(
      /la versione 1 ha 5 gruppi invece di 6/,
    );
    const wrong = structuredClone(generated);
    wrong[0][0][0] = "inesistente";
    expect(problemsOf(wrong).join()).toMatch(/"inesistente" non è una delle voci della domanda/);
    const repeated = structuredClone(generated);
    repeated[0][0][1] = repeated[0][0][0];
    expect(problemsOf(repeated).join()).toMatch(/una voce è ripetuta nello stesso gruppo/);
    // A service added to the catalogue after the design was frozen: the author is told how to rebuild it.
    const added = loadBw(
      (bw) => (bw.design = generated),
      (c) => c.services.push({ ...c.services[0], code: "nuovo_servizio" }),
    ).problems.join();
    expect(added).toMatch(/non compaiono nel disegno: nuovo_servizio \(tolga "design" per rigenerarlo/);
  });

  it("the designer writes the design into the version it publishes, and the stored version reads its sets back from it", async () => {
    const db = openDatabase(":memory:");
    const loaded = loadBw();
    const survey = loaded.definitions.surveys.get("bw")!;
    const registry = createRegistry([]);
    const json = { ...readJson(join(FIXTURES, "bw.json")) };
    // The catalogue the designer knows: published first, as the start publishes the files.
    registry.add({ ...survey, definition: { ...survey.definition, version: 1, status: "draft" } });
    const result = await publishDefinition(createSqliteStorage(db), registry, json, "progettista", {
      assignVersion: true,
    });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    const stored = listSurveyVersions(db, "bw").at(-1)!;
    const storedQ = bwOf(stored);
    expect(storedQ.design).toEqual(generatedDesign(bwOf(survey), survey.catalogue));
    const read = readPublishedSurveys(db).find((s) => s.definition.version === stored.definition.version)!;
    // Read back, the hash covers the design, and the sets come from the stored copy, not the generator.
    expect(bwOf(read).design).toEqual(storedQ.design);
    expect(maxdiffDesign(bwOf(read), read.catalogue)).toBe(bwOf(read).design);
  });
});

describe("an installation that collected answers with version 2 and now runs version 3", () => {
  const RELEASED = readJson(join(import.meta.dirname, "../fixtures/shipped-versions.json")).cittadini as Record<
    string,
    string
  >;
  const catalogue = readJson(join(SHIPPED_SURVEYS, "servizi.json"));
  const v2 = parseDefinitions(
    new Map<string, unknown>([
      ["servizi.json", catalogue],
      ["cittadini.json", readJson(join(import.meta.dirname, "../fixtures/released/cittadini-v2.json"))],
    ]),
  );
  const v3 = loadDefinitions(SHIPPED_SURVEYS).surveys.get("cittadini")!;

  it("keeps the real version 2 (the copy's hash is the released one) and reads its answers with the same sets as version 3", () => {
    expect(v2.problems).toEqual([]);
    const old = v2.definitions.surveys.get("cittadini")!;
    expect(old.hash).toBe(RELEASED["2"]);
    const db = openDatabase(":memory:");
    publishSurveys(db, [old]);
    publishSurveys(db, [v3]);
    const stored = readPublishedSurveys(db).sort((a, b) => a.definition.version - b.definition.version);
    expect(stored.map((s) => s.definition.version)).toEqual([2, 3]);
    const [q2, q3] = stored.map(bwOf);
    expect(q2.design).toBeUndefined();
    for (let version = 1; version <= 8; version++) {
      expect(setsOf(q2, stored[0].catalogue, version), `version ${version}`).toEqual(
        setsOf(q3, stored[1].catalogue, version),
      );
    }
    // A version 2 answer: version 6, the first item best and the last worst in every set.
    const answers: Record<string, string> = { "importanza_bw/version": "6" };
    setsOf(q2, stored[0].catalogue, 6).forEach((set, i) =>
      Object.assign(answers, { [`importanza_bw/${i + 1}/best`]: set[0], [`importanza_bw/${i + 1}/worst`]: set[3] }),
    );
    expect(answeredSets(q2, stored[0].catalogue, answers)).toEqual(answeredSets(q3, stored[1].catalogue, answers));
    expect(answeredSets(q2, stored[0].catalogue, answers).map((s) => s.items)).toEqual(V2_DESIGN[5]);
  });
});
