import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parsePage } from "../../src/surveys/answers.js";
import { codebook } from "../../src/surveys/codebook.js";
import { csvHeader, parseRow, responseRow, surveyColumns } from "../../src/surveys/csv-format.js";
import { pruneAnswers } from "../../src/surveys/flow.js";
import { buildDesign } from "../../src/surveys/kinds/maxdiff-design.js";
import {
  answeredSets,
  assignVersion,
  maxdiffKeys,
  setsOf,
  type MaxdiffQuestion,
} from "../../src/surveys/kinds/maxdiff.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { validateAnswers } from "../../src/surveys/validate.js";

const survey = loadDefinitions(join(import.meta.dirname, "../fixtures/maxdiff")).surveys.get("bw")!;
const page = survey.definition.pages[1];
const q = page.questions[0] as MaxdiffQuestion;

/** Item appearances, pair co-occurrences and positions over a whole design. */
function tally(design: string[][][]) {
  const freq = new Map<string, number>();
  const pairs = new Map<string, number>();
  const positions = new Map<string, number>();
  for (const version of design) {
    for (const set of version) {
      set.forEach((x, p) => {
        freq.set(x, (freq.get(x) ?? 0) + 1);
        positions.set(`${x}@${p}`, (positions.get(`${x}@${p}`) ?? 0) + 1);
      });
      for (let i = 0; i < set.length; i++)
        for (let j = i + 1; j < set.length; j++) {
          const key = [set[i], set[j]].sort().join("+");
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
    }
  }
  return { freq, pairs, positions };
}

const items32 = Array.from({ length: 32 }, (_, i) => `s${i + 1}`);

describe("the best–worst design", () => {
  it("shows each of 32 items exactly once per version in 8 sets of 4, four different items per set", () => {
    const design = buildDesign({ items: items32, sets: 8, size: 4, versions: 10, seed: "importanza" });
    expect(design).toHaveLength(10);
    for (const version of design) {
      expect(version).toHaveLength(8);
      for (const set of version) expect(new Set(set).size).toBe(4);
      expect(version.flat().sort()).toEqual([...items32].sort());
    }
  });

  it("spreads pairs evenly: over 10 versions (480 pair slots for 496 pairs) no pair meets more than twice", () => {
    const { pairs } = tally(buildDesign({ items: items32, sets: 8, size: 4, versions: 10, seed: "importanza" }));
    const counts = [...pairs.values()];
    expect(counts.reduce((a, b) => a + b, 0)).toBe(480);
    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    // Most pairs meet exactly once; an unbalanced design would leave many more pairs unseen.
    expect(pairs.size).toBeGreaterThan(400);
  });

  it("balances positions within the sets across versions (each item 2 or 3 times in each of 4 places over 10 versions)", () => {
    const { positions } = tally(buildDesign({ items: items32, sets: 8, size: 4, versions: 10, seed: "importanza" }));
    expect(positions.size).toBe(32 * 4);
    expect(Math.min(...positions.values())).toBeGreaterThanOrEqual(2);
    expect(Math.max(...positions.values())).toBeLessThanOrEqual(3);
  });

  it("keeps frequencies within one when sets × size is not a multiple of the items (12 sets of 4 for 32 items)", () => {
    const design = buildDesign({ items: items32, sets: 12, size: 4, versions: 5, seed: "x" });
    for (const version of design) {
      const { freq } = tally([version]);
      expect(Math.max(...freq.values()) - Math.min(...freq.values())).toBeLessThanOrEqual(1);
      for (const set of version) expect(new Set(set).size).toBe(4);
    }
    const { freq } = tally(design);
    expect(freq.size).toBe(32);
    expect(Math.max(...freq.values()) - Math.min(...freq.values())).toBeLessThanOrEqual(1);
  });

  it("is deterministic: the same definition gives the same design, another seed another", () => {
    const a = buildDesign({ items: items32, sets: 8, size: 4, versions: 3, seed: "importanza" });
    expect(buildDesign({ items: items32, sets: 8, size: 4, versions: 3, seed: "importanza" })).toEqual(a);
    expect(buildDesign({ items: items32, sets: 8, size: 4, versions: 3, seed: "altro" })).not.toEqual(a);
  });

  it("assigns respondents to versions evenly and always the same version to the same respondent", () => {
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 4000; i++) counts[assignVersion(q, `token-${i}`) - 1]++;
    for (const c of counts) expect(c).toBeGreaterThan(900);
    expect(assignVersion(q, "abc")).toBe(assignVersion(q, "abc"));
  });
});

/** A complete, valid answer for a version: first item best, last item worst in every set. */
function fullAnswer(version: number): Record<string, string> {
  const body: Record<string, string> = { "migliori/version": String(version) };
  setsOf(q, survey.catalogue, version).forEach((set, i) => {
    body[`migliori/${i + 1}/best`] = set[0];
    body[`migliori/${i + 1}/worst`] = set[set.length - 1];
  });
  return body;
}

describe("parsing a best–worst page", () => {
  it("stores the version and a best and a worst item per set", () => {
    const result = parsePage(survey, page, fullAnswer(3), {}, "it");
    expect(result.errors).toEqual([]);
    expect(Object.keys(result.answers).sort()).toEqual([...maxdiffKeys(q)].sort());
    expect(result.answers["migliori/version"]).toBe("3");
    expect(answeredSets(q, survey.catalogue, result.answers)).toHaveLength(6);
  });

  it("asks for the missing worst, refuses the same item twice and an item of another set", () => {
    const body = fullAnswer(1);
    const sets = setsOf(q, survey.catalogue, 1);
    delete body["migliori/1/worst"];
    body["migliori/2/worst"] = body["migliori/2/best"];
    body["migliori/3/best"] = sets[3].find((x) => !sets[2].includes(x))!;
    const { errors, answers } = parsePage(survey, page, body, {}, "it");
    expect(errors.map((e) => [e.field, e.message])).toEqual([
      ["migliori/1/worst", "Indichi anche la voce meno importante di questo gruppo."],
      ["migliori/2/worst", "La voce più importante e quella meno importante devono essere diverse."],
      ["migliori/3/best", "Scelga una delle risposte proposte."],
    ]);
    expect(answers).toEqual({});
  });

  it("requires every set when the question is required, and a known design version", () => {
    const body = fullAnswer(2);
    delete body["migliori/6/best"];
    delete body["migliori/6/worst"];
    expect(parsePage(survey, page, body, {}, "it").errors.map((e) => e.field)).toEqual(["migliori/6/best"]);
    expect(parsePage(survey, page, { ...fullAnswer(2), "migliori/version": "9" }, {}, "it").errors[0].message).toMatch(
      /Ricarichi la pagina/,
    );
    expect(parsePage(survey, page, { ...fullAnswer(2), "migliori/1/best": ["a", "b"] }, {}, "it").errors[0].field).toBe(
      "migliori/1/best",
    );
  });

  it("lets an optional question be left blank (nothing stored, not even the version) or answered in part", () => {
    const optional = { ...q, required: false };
    const p = { ...page, questions: [optional] };
    expect(parsePage(survey, p, { "migliori/version": "1" }, {}, "it")).toEqual({ answers: {}, errors: [] });
    const partial = fullAnswer(1);
    for (let s = 2; s <= 6; s++) {
      delete partial[`migliori/${s}/best`];
      delete partial[`migliori/${s}/worst`];
    }
    const result = parsePage(survey, p, partial, {}, "it");
    expect(result.errors).toEqual([]);
    expect(Object.keys(result.answers).sort()).toEqual(["migliori/1/best", "migliori/1/worst", "migliori/version"]);
  });

  it("passes the whole rule book (validateAnswers) and survives pruning", () => {
    const answers = { eta: "giovane", quartiere: "nord", ...fullAnswer(4) };
    const checked = validateAnswers(survey, answers, "it");
    expect(checked).toEqual({ ok: true, answers });
    expect(pruneAnswers(survey, answers)).toEqual(answers);
  });
});

describe("best–worst answers in the CSV and the codebook", () => {
  it("has one version column, then best and worst per set, and round-trips a response exactly", () => {
    const columns = surveyColumns([survey]);
    const keys = columns.map((c) => c.key);
    expect(keys.slice(keys.indexOf("migliori/version"), keys.indexOf("migliori/version") + 5)).toEqual([
      "migliori/version",
      "migliori/1/best",
      "migliori/1/worst",
      "migliori/2/best",
      "migliori/2/worst",
    ]);
    const response = {
      id: "0b0e8d7c-35b3-4a7e-9d43-6f4d1c2b8a11",
      surveyVersion: 1,
      channel: "paper",
      submittedAt: "2026-03-01T10:00:00.000Z",
      synthetic: false,
      answers: { eta: "anziano", quartiere: "sud", ...fullAnswer(2) },
    };
    const header = csvHeader(columns, false);
    const row = responseRow(columns, response, false);
    const parsed = parseRow(header, row);
    expect(parsed.ok && parsed.row.answers).toEqual(response.answers);
    expect(responseRow(columns, { ...response, answers: parsed.ok ? parsed.row.answers : {} }, false)).toEqual(row);
  });

  it("describes every column for other tools: the version's range and the service codes of best and worst", () => {
    const entries = codebook([survey]);
    const version = entries.find((e) => e.column === "migliori/version")!;
    expect(version.type).toBe("maxdiff_version");
    expect(version.note).toMatch(/da 1 a 4/);
    const worst = entries.find((e) => e.column === "migliori/3/worst")!;
    expect(worst.type).toBe("maxdiff_worst");
    expect(worst.label.it).toMatch(/insieme 3, meno importante/);
    expect(worst.values.map((v) => v.value)).toContain("suap");
    expect(worst.role).toBe("importance");
  });
});
