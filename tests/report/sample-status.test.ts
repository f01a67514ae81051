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

  it("sizes the sample for the margins' population (1,000 here), times today's design effect", () => {
    expect(status.deff).toBeCloseTo(1.090833, 5);
    expect(status.population).toBe(1000);
    // Krejcie and Morgan's 278 for N = 1,000 at ± 5; 278 × 1.0908 = 303.3 → 304.
    expect(status.targets).toEqual([
      { margin: 5, base: 278, needed: 304 },
      { margin: 4, base: 375, needed: 410 },
      { margin: 3, base: 516, needed: 563 },
    ]);
    expect(status.targetSize).toBe(304);
    expect(status.reached).toBe(false);
  });

  it("gives each group its share of the target and what it still lacks, hiding counts under 5", () => {
    const [a, b, c] = status.groups;
    expect(a).toMatchObject({
      category: "a",
      count: 40,
      target: 183,
      missing: 143,
      missingBound: "exact",
      short: true,
      fewerThan5: false,
    });
    // c has 3 respondents: "meno di 5", and its complement b is hidden too, so c can't be found by subtraction.
    expect(c).toMatchObject({
      category: "c",
      count: null,
      fewerThan5: true,
      target: 31,
      missing: 27,
      missingBound: "atLeast",
      short: true,
    });
    expect(b).toMatchObject({
      category: "b",
      count: null,
      fewerThan5: false,
      target: 92,
      missing: 87,
      missingBound: "atMost",
    });
    expect(status.shortGroups).toBe(3);
  });

  it("uses the chosen margin of error", () => {
    const tight = sampleStatus(records({ a: 700, b: 150, c: 100 }), margins, { margin: 3 });
    expect(tight.targetSize).toBe(tight.targets[2].needed);
    expect(tight.groups.find((g) => g.category === "a")!.short).toBe(false);
    expect(tight.groups.find((g) => g.category === "b")).toMatchObject({
      count: 150,
      short: true,
      missingBound: "exact",
    });
  });

  it("plans without a design effect, and says why, while a group is still empty", () => {
    const early = sampleStatus(records({ a: 10, b: 6 }), margins);
    expect(early.deff).toBeNull();
    expect(early.deffProblem).toMatch(/non si può ancora ponderare/);
    expect(early.targetSize).toBe(278);
    expect(early.groups.find((g) => g.category === "c")).toMatchObject({ fewerThan5: true, target: 28, short: true });
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
    // Limbiate's margins count its 29,300 adults (of 35,425 residents): the population the survey samples.
    expect(status.population).toBe(29_300);
    expect(status.targets.map((t) => t.base)).toEqual([379, 588, 1030]);
    expect(status.deff).toBeGreaterThan(1);
    expect(status.groups).toHaveLength(20);
    for (const g of status.groups) if (g.count !== null) expect(g.count).toBeGreaterThanOrEqual(5);
  });
});
