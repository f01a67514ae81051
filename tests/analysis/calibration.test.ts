import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { designMean, designShare, kish, rake, type RakeResult } from "../../src/analysis/index.js";

const dir = fileURLToPath(new URL("../fixtures/r/", import.meta.url));

interface Share {
  estimate: number;
  se: number;
  effectiveN: number;
  low: number;
  high: number;
}
interface Mean {
  mean: number;
  se: number;
  df: number;
  low: number;
  high: number;
}
interface Estimates {
  used: Share;
  usedCeresolo: Share;
  canale: Share[];
  score: Mean;
  scoreOld: Mean;
}
interface Calibration {
  margins: Record<string, Record<string, number>>;
  conflictMargins: Record<string, Record<string, number>>;
  raked: { weights: number[]; maxRatio: number; deff: number; effectiveN: number; estimates: Estimates };
  bounded: {
    bounds: [number, number];
    weights: number[];
    maxG: number;
    minG: number;
    deff: number;
    effectiveN: number;
    estimates: Estimates;
  };
  tightBounds: { bounds: [number, number]; failed: boolean };
  conflict: { failed: boolean };
  n: number;
  population: number;
}

/** R's output from tests/fixtures/r/make-calibration.R. */
const ref: Calibration = JSON.parse(readFileSync(dir + "calibration.json", "utf8"));

function readRows(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(dir + file, "utf8")
    .trim()
    .split("\n");
  const cols = header.split(",");
  return lines.map((l) => Object.fromEntries(l.split(",").map((v, k) => [cols[k], v])));
}

const rows = readRows("calibration-respondents.csv");
// What the report gives the raking: the answers as they are; «altro», «non_dire» and a blank quartiere
// are not census categories and are split across the compatible ones.
const units = rows.map((r) => ({ eta: r.eta, sesso: r.sesso, quartiere: r.quartiere }));
const used = rows.map((r) => Number(r.used));
const score = rows.map((r) => (r.score === "" ? Number.NaN : Number(r.score)));

function expectClose(actual: number | null, expected: number, tolerance = 1e-6): void {
  expect(actual).not.toBeNull();
  expect(Math.abs((actual as number) - expected)).toBeLessThan(tolerance * Math.max(1, Math.abs(expected)));
}

function checkEstimates(r: RakeResult, e: Estimates): void {
  const share = (y: number[], s: Share) => {
    const got = designShare(r.design, y);
    expectClose(got.estimate, s.estimate);
    expectClose(got.se, s.se);
    expectClose(got.effectiveN, s.effectiveN);
    expectClose(got.low, s.low);
    expectClose(got.high, s.high);
  };
  share(used, e.used);
  share(
    used.map((u, i) => (rows[i].quartiere === "Ceresolo" ? u : Number.NaN)),
    e.usedCeresolo,
  );
  ["carta", "sportello", "web"].forEach((c, k) =>
    share(
      rows.map((r) => (r.canale === c ? 1 : 0)),
      e.canale[k],
    ),
  );
  const mean = (y: number[], m: Mean) => {
    const got = designMean(r.design, y);
    expectClose(got.estimate, m.mean);
    expectClose(got.se, m.se);
    expect(got.df).toBe(m.df);
    expectClose(got.low, m.low);
    expectClose(got.high, m.high);
  };
  mean(score, e.score);
  mean(
    score.map((s, i) => (rows[i].eta === "65_plus" ? s : Number.NaN)),
    e.scoreOld,
  );
}

describe("weighting against R's survey::calibrate (tests/fixtures/r/make-calibration.R)", () => {
  it("rakes with unknown categories split across the census ones: weights, deff > 2, shares, intervals, means to 1e-6", () => {
    const r = rake(units, ref.margins);
    expect(r.converged).toBe(true);
    expect(r.problem).toBeNull();
    expect(r.fractionalUnits).toBeGreaterThan(20);
    r.weights.forEach((w, i) => expectClose(w, ref.raked.weights[i]));
    expect(ref.raked.deff).toBeGreaterThan(2);
    expectClose(r.deff, ref.raked.deff);
    expectClose(r.effectiveN, ref.raked.effectiveN);
    expectClose(r.maxWeightRatio, ref.raked.maxRatio);
    checkEstimates(r, ref.raked.estimates);
  });

  it("bounded raking reaches R's bounded calibration and respects the bounds", () => {
    const [lower, upper] = ref.bounded.bounds;
    const r = rake(units, ref.margins, { bounds: { lower, upper } });
    expect(r.converged).toBe(true);
    expect(r.boundsMet).toBe(true);
    r.weights.forEach((w, i) => expectClose(w, ref.bounded.weights[i]));
    const g = Array.from(r.design.weight, (w, f) => w / r.design.base[f]);
    expectClose(Math.max(...g), ref.bounded.maxG);
    expectClose(Math.min(...g), ref.bounded.minG);
    expectClose(r.deff, ref.bounded.deff);
    checkEstimates(r, ref.bounded.estimates);
  });

  it("says when the bounds can't be met, and rakes without them instead", () => {
    expect(ref.tightBounds.failed).toBe(true);
    const [lower, upper] = ref.tightBounds.bounds;
    const r = rake(units, ref.margins, { bounds: { lower, upper } });
    expect(r.boundsMet).toBe(false);
    expect(r.converged).toBe(true);
    // Mombello's target is out of reach of its respondents within the bounds: seen before any sweep,
    // so the sweeps are all the unbounded raking's.
    expect(r.iterations).toBe(rake(units, ref.margins).iterations);
    r.weights.forEach((w, i) => expectClose(w, ref.raked.weights[i]));
    expect(r.maxWeightRatio).toBeGreaterThan(upper);
  });

  it("contradictory margins do not converge, and the diagnosis names the categories that can't be met", () => {
    expect(ref.conflict.failed).toBe(true);
    const conflict = readRows("calibration-conflict.csv").map((r) => ({
      eta: r.eta,
      sesso: r.sesso,
      quartiere: r.quartiere,
    }));
    // Groane's respondents are all 65+, but Groane's target exceeds the whole 65+ population.
    const r = rake(conflict, ref.conflictMargins, { maxIterations: 5000 });
    expect(r.converged).toBe(false);
    // The gap stops shrinking: raking gives up long before the 5,000 sweeps allowed.
    expect(r.iterations).toBeLessThan(1000);
    expect(r.problem?.kind).toBe("not_converged");
    const named = r.problem!.conflicts.map((c) => `${c.variable}=${c.category}`);
    expect(named.some((x) => x.startsWith("quartiere=") || x.startsWith("eta*sesso=65_plus"))).toBe(true);
  });
});

describe("fractional assignment", () => {
  it("with margins proportional to the sample every weight is N/n and deff is exactly 1", () => {
    // The margins the sample itself implies: each category's fragments × N/n, where the unknowns are
    // spread by those same margins (a fixed point, reached in a few rounds).
    let targets: Record<string, Record<string, number>> = ref.margins;
    for (let round = 0; round < 200; round++) {
      const { margins, fraction } = rake(units, targets, { maxIterations: 1 }).design.fragments;
      const next: Record<string, Record<string, number>> = {};
      margins.variables.forEach((v, k) => {
        next[v] = Object.fromEntries(margins.categories[k].map((c) => [c, 0]));
        margins.codes[k].forEach(
          (code, f) => (next[v][margins.categories[k][code]] += (fraction[f] * ref.population) / ref.n),
        );
      });
      targets = next;
    }
    const r = rake(units, targets, { bounds: { lower: 0.2, upper: 5 } });
    expect(r.converged).toBe(true);
    r.weights.forEach((w) => expect(Math.abs(w - ref.population / ref.n)).toBeLessThan(1e-9));
    expect(Math.abs(r.deff - 1)).toBeLessThan(1e-12);
    expect(Math.abs(kish(r.weights).effectiveN - ref.n)).toBeLessThan(1e-9);
  });

  it("nobody is weighted out: a respondent who did not state sex weighs p × (age, F) + (1 − p) × (age, M), p from the census", () => {
    const r = rake(units, ref.margins);
    const es = ref.margins["eta*sesso"];
    const weightOf = (eta: string, sesso: string, quartiere: string) => {
      const j = rows.findIndex((row) => row.eta === eta && row.sesso === sesso && row.quartiere === quartiere);
      return j >= 0 ? r.weights[j] : undefined;
    };
    let checked = 0;
    rows.forEach((row, i) => {
      if (row.sesso === "F" || row.sesso === "M" || row.quartiere === "") return;
      const f = weightOf(row.eta, "F", row.quartiere);
      const m = weightOf(row.eta, "M", row.quartiere);
      if (f === undefined || m === undefined) return;
      const p = es[`${row.eta}*F`] / (es[`${row.eta}*F`] + es[`${row.eta}*M`]);
      expectClose(r.weights[i], p * f + (1 - p) * m, 1e-12);
      checked++;
    });
    expect(checked).toBeGreaterThan(5);
    expect(Math.min(...r.weights)).toBeGreaterThan(0.05 * (ref.population / ref.n));
  });

  it("a group nobody in the sample belongs to is named", () => {
    const r = rake([{ q: "a" }, { q: "a" }, { q: "x" }], { q: { a: 10, b: 10 } });
    expect(r.problem?.kind).toBe("empty_groups");
    expect(r.problem?.emptyGroups).toEqual([{ variable: "q", category: "b" }]);
  });
});
