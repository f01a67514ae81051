import { describe, expect, it } from "vitest";
import type { CitizenRecord } from "../../src/analysis/index.js";
import type { MarginsFile } from "../../src/report/margins.js";
import { fieldworkRecords, sampleStatus } from "../../src/report/sample-status.js";
import { citizenSurvey, margins as limbiate, syntheticSample } from "./fixtures.js";

const margins: MarginsFile = {
  name: "prova.csv",
  illustrative: true,
  source: "test",
  targets: { quartiere: { a: 600, b: 300, c: 100 } },
};
const records = (counts: Record<string, number>): CitizenRecord[] =>
  Object.entries(counts).flatMap(([q, n]) =>
    Array.from({ length: n }, () => ({
      strata: q,
      categories: { quartiere: q },
      used: {},
      importance: {},
      ranking: [],
    })),
  );

describe("sampleStatus (worked by hand)", () => {
  // 40 / 12 / 3 against 60 % / 30 % / 10 %: weights 15, 25 and 33.3; deff = 55 · 19,833.3 / 1,000² = 1.0908.
  const status = sampleStatus(records({ a: 40, b: 12, c: 3 }), margins);

  it("multiplies the sizes of docs/methods.md by today's design effect", () => {
    expect(status.deff).toBeCloseTo(1.090833, 5);
    expect(status.targets).toEqual([
      { margin: 5, base: 380, needed: 415 },
      { margin: 4, base: 590, needed: 644 },
      { margin: 3, base: 1036, needed: 1131 },
    ]);
    expect(status.targetSize).toBe(415);
    expect(status.reached).toBe(false);
  });

  it("gives each group its share of the target and what it still lacks, hiding counts under 5", () => {
    const [a, b, c] = status.groups;
    expect(a).toMatchObject({
      category: "a",
      count: 40,
      target: 249,
      missing: 209,
      missingBound: "exact",
      short: true,
      fewerThan5: false,
    });
    // c has 3 respondents: "meno di 5", and its complement b is hidden too, so c can't be found by subtraction.
    expect(c).toMatchObject({
      category: "c",
      count: null,
      fewerThan5: true,
      target: 42,
      missing: 38,
      missingBound: "atLeast",
      short: true,
    });
    expect(b).toMatchObject({
      category: "b",
      count: null,
      fewerThan5: false,
      target: 125,
      missing: 120,
      missingBound: "atMost",
    });
    expect(status.shortGroups).toBe(3);
  });

  it("uses the chosen margin of error", () => {
    const tight = sampleStatus(records({ a: 700, b: 300, c: 100 }), margins, { margin: 3 });
    expect(tight.targetSize).toBe(tight.targets[2].needed);
    expect(tight.groups.find((g) => g.category === "a")!.short).toBe(false);
    expect(tight.groups.find((g) => g.category === "b")).toMatchObject({
      count: 300,
      short: true,
      missingBound: "exact",
    });
  });

  it("plans without a design effect, and says why, while a group is still empty", () => {
    const early = sampleStatus(records({ a: 10, b: 6 }), margins);
    expect(early.deff).toBeNull();
    expect(early.deffProblem).toMatch(/non si può ancora ponderare/);
    expect(early.targetSize).toBe(380);
    expect(early.groups.find((g) => g.category === "c")).toMatchObject({ fewerThan5: true, target: 38, short: true });
  });

  it("works on the questionnaire's own records", () => {
    const sample = syntheticSample(200, 0, 9);
    const status = sampleStatus(
      fieldworkRecords(
        citizenSurvey,
        sample.citizens.map((r) => r.answers),
        limbiate,
      ),
      limbiate,
    );
    expect(status.responses).toBe(200);
    expect(status.deff).toBeGreaterThan(1);
    expect(status.groups).toHaveLength(20);
    for (const g of status.groups) if (g.count !== null) expect(g.count).toBeGreaterThanOrEqual(5);
  });
});
