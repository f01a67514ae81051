import { describe, expect, it } from "vitest";
import { reportOf, syntheticSample } from "./fixtures.js";

/** Fields that count respondents: published only as 0 or at least 5. */
const COUNTS = new Set([
  "count",
  "base",
  "n",
  "users",
  "sampleCount",
  "answered",
  "none",
  "basic",
  "inDepth",
  "total",
  "used",
  "staff",
  "importanceN",
  "satisfactionN",
  "web",
  "kiosk",
  "paper",
  "import",
  "excluded",
]);

function smallCounts(value: unknown, path = "$"): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => smallCounts(v, `${path}[${i}]`));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => {
      const here = `${path}.${k}`;
      if (COUNTS.has(k) && typeof v === "number" && v > 0 && v < 5) return [`${here} = ${v}`];
      return smallCounts(v, here);
    });
  }
  return [];
}

describe("no published number rests on fewer than 5 respondents", () => {
  const sparse = syntheticSample(40, 12, 11);

  for (const [name, filters] of [
    ["whole sample", { groups: {} }],
    ["one quartiere", { groups: { quartiere: "pinzano" } }],
    ["one age band on paper", { groups: { eta: "75_piu" }, channel: "paper" }],
  ] as const) {
    it(`in the report JSON (${name})`, () => {
      const report = reportOf(sparse, { filters: { ...filters } });
      expect(smallCounts(report)).toEqual([]);
      for (const r of [...report.ranking, ...report.excluded]) {
        if (r.fewUsers)
          expect([r.raw.D, r.raw.F, r.raw.U, r.criteria.D, r.criteria.F, r.criteria.U]).toEqual([
            null,
            null,
            null,
            null,
            null,
            null,
          ]);
      }
      for (const q of Object.values(report.questions)) {
        const shown = Object.values(q.categories).filter((c) => !c.suppressed);
        const hidden = Object.values(q.categories).filter((c) => c.suppressed);
        // Every published count is perturbed (the base too), so a single withheld cell is not the base minus the others.
        expect(shown.every((c) => c.reason === null) && hidden.every((c) => c.reason !== null)).toBe(true);
        for (const c of hidden) expect([c.count, c.estimate, c.low, c.high]).toEqual([null, null, null, null]);
      }
      for (const s of Object.values(report.staff.services))
        if (s.n === null) expect([s.severity, s.feasible, s.feasibility]).toEqual([null, null, null]);
    });
  }

  it("publishes nothing but the reason for a view of fewer than 5 people", () => {
    const report = reportOf(sparse, { filters: { groups: { quartiere: "centro", eta: "45_64" } } });
    expect(report.responses.tooFew).toBe(true);
    expect(report.responses.used === null || report.responses.used === 0).toBe(true);
    expect([report.questions, report.ranking, report.coverage, report.sensitivity, report.ipa.points]).toEqual([
      {},
      [],
      [],
      [],
      [],
    ]);
  });

  it("hides a staff share that is a small count in disguise (one person of five)", () => {
    const report = reportOf(syntheticSample(300, 60, 5));
    expect(Object.keys(report.staff.services).length).toBeGreaterThan(0);
    for (const s of Object.values(report.staff.services)) {
      if (!s.n || !s.feasibility) continue;
      for (const share of Object.values(s.feasibility))
        if (share !== null && share > 0) expect(Math.round(share * s.n)).toBeGreaterThanOrEqual(5);
    }
  });

  it("leaves staff answers on a service judged by fewer than 5 colleagues out of the gate", () => {
    const report = reportOf(syntheticSample(300, 6, 5));
    const judged = Object.entries(report.staff.services).filter(([, s]) => s.n !== null && s.n > 0);
    expect(judged).toEqual([]);
    for (const r of report.ranking) expect(r.gate).toBe("unknown");
  });
});
