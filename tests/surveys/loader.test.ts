import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DefinitionError, loadDefinitions, parseDefinitions } from "../../src/surveys/loader.js";

const fixtures = join(import.meta.dirname, "../fixtures/surveys");
const good = (): Record<string, any> => JSON.parse(readFileSync(join(fixtures, "prova.json"), "utf8"));
const catalogue = JSON.parse(readFileSync(join(fixtures, "catalogo_prova.json"), "utf8"));

function problemsOf(survey: unknown): string[] {
  return parseDefinitions(
    new Map<string, unknown>([
      ["cat.json", catalogue],
      ["s.json", survey],
    ]),
  ).problems;
}

describe("loading survey definitions", () => {
  it("loads the fixture surveys and their catalogue", () => {
    const { surveys, catalogues } = loadDefinitions(fixtures);
    expect([...surveys.keys()].sort()).toEqual(["personale_prova", "prova"]);
    expect(catalogues.get("catalogo_prova")?.services).toHaveLength(5);
    expect(surveys.get("prova")?.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("names the file, the JSON path and the reason of a schema error", () => {
    const s = good();
    s.pages[0].questions[0].id = "Età";
    expect(problemsOf(s)).toEqual([
      expect.stringMatching(/^s\.json: pages\[0\]\.questions\[0\]\.id: un id usa solo lettere minuscole/),
    ]);
  });

  it("refuses reserved ids, repeated ids and repeated choice values", () => {
    const reserved = good();
    reserved.pages[0].questions[1].id = "response_id";
    expect(problemsOf(reserved).join("\n")).toContain("pages[0].questions[1].id: questo id è una parola riservata");
    const s = good();
    s.pages[0].questions[2].id = "eta";
    s.pages[0].questions[0].choices[1].value = "18_44";
    const problems = problemsOf(s).join("\n");
    expect(problems).toContain('pages[0].questions[2].id: l\'id "eta" è ripetuto');
    expect(problems).toContain('pages[0].questions[0].choices: il valore "18_44" è ripetuto');
  });

  it("refuses a condition on a later question and on a value that does not exist", () => {
    const s = good();
    s.pages[0].questions[0].showIf = { question: "figli", gte: 1 };
    s.pages[0].questions[3].showIf = { question: "eta", equals: "99_plus" };
    const problems = problemsOf(s).join("\n");
    expect(problems).toContain('pages[0].questions[0].showIf.question: "figli" non è una domanda precedente');
    expect(problems).toContain('pages[0].questions[3].showIf: "99_plus" non è un valore di "eta"');
  });

  it("refuses a matrix whose rows come from a question that is not an earlier multiple choice", () => {
    const s = good();
    s.pages[2].questions[0].rows = { from: "question", question: "eta" };
    expect(problemsOf(s).join("\n")).toContain(
      'pages[2].questions[0].rows.question: "eta" non è una domanda a scelta multipla precedente',
    );
  });

  it("refuses a matrix whose rows depend on a question of the same page", () => {
    const s = good();
    s.pages[1].questions.push(s.pages[2].questions[0]);
    s.pages[2].questions.shift();
    expect(problemsOf(s).join("\n")).toContain(
      'pages[1].questions[1].rows: le righe dipendono da "usati", che deve stare in una pagina precedente',
    );
  });

  it("refuses a condition with two operators and texts without English", () => {
    const s = good();
    s.pages[0].questions[3].showIf = { question: "figli", gte: 1, lte: 3 };
    delete s.title.en;
    const problems = problemsOf(s).join("\n");
    expect(problems).toContain("pages[0].questions[3].showIf");
    expect(problems).toMatch(/title\.en: /);
  });

  it("stops with a DefinitionError naming the file when a folder holds a bad file", () => {
    const dir = mkdtempSync(join(tmpdir(), "defs-"));
    writeFileSync(join(dir, "rotto.json"), "{ not json");
    expect(() => loadDefinitions(dir)).toThrow(DefinitionError);
    expect(() => loadDefinitions(dir)).toThrow(/rotto\.json: JSON non leggibile/);
  });

  it("gives the same hash whatever the key order", () => {
    const a = good();
    const b = Object.fromEntries(Object.entries(good()).reverse());
    const hashA = parseDefinitions(
      new Map<string, unknown>([
        ["c", catalogue],
        ["a", a],
      ]),
    ).definitions.surveys.get("prova")!.hash;
    const hashB = parseDefinitions(
      new Map<string, unknown>([
        ["c", catalogue],
        ["b", b],
      ]),
    ).definitions.surveys.get("prova")!.hash;
    expect(hashA).toBe(hashB);
  });
});
