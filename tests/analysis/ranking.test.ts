import { describe, expect, it } from "vitest";
import { citizenColumns } from "../../src/analysis/columns.js";
import { computeCriteria } from "../../src/analysis/criteria.js";
import { normaliseCriteria, rankServices } from "../../src/analysis/ranking.js";
import { citizens, services, staff, weights } from "./fixtures.js";

/*
 * Worked by hand (weights 1, 1, 2, 1; Σw = 5; Borda m = 3, the longest ranking):
 *   D: A used by c1, c2 (w 2): 2/5 × mean freq (2 + 1)/2 = 0.6;  B: 1/5 × 1 = 0.2;  C: 2/5 × 3 = 1.2
 *   F: A: mean(offices − 1) (2 + 0)/2 = 1, repeat 0.5, time 1.5 → 3;  B: 1 + 1 + 0 = 2;  C: 0
 *   U: A: scores 4, 8 → 1/2 = 0.5;  B: only "non so" → none;  C: 5 ≤ 5 → 1
 *   I: A: (8 + 6 + 2·4 + 10)/5 = 6.4;  B: (6 + 8 + 2·10)/4 = 8.5;  C: (5 + 7 + 2·9)/4 = 7.5
 *   P: c1 [A,B] A3 B2; c2 [B,C,A] B3 C2 A1; c3 [C] (w 2) C3; ranked weight 4:
 *      A (3 + 1)/4 = 1;  B (2 + 3)/4 = 1.25;  C (2 + 2·3)/4 = 2
 *   C: A (4 + 2 + 3)/3 = 3;  B (2 + 4)/2 = 3;  C (3 + 5)/2 = 4
 *   X: A file, inform, process → 2/3;  B specialist ×2 → 0;  C process, file → 1
 * Normalised (A, B, C): D .4 0 1; F 1 2/3 0; U 0 0(missing) 1; I 0 1 1.1/2.1; P 0 .25 1; C 0 0 1
 * Equal weights 1/6: A 1.4/6; B (2/3 + 1 + .25)/6; C (4 + 1.1/2.1)/6. B fails the gate (0 < 0.5).
 */
describe("computeCriteria", () => {
  it("computes D, F, U, I, P, C, X as docs/methods.md defines them", () => {
    const c = computeCriteria(citizenColumns(citizens), staff, services, { weights });
    expect(c.A.D).toBeCloseTo(0.6, 12);
    expect(c.B.D).toBeCloseTo(0.2, 12);
    expect(c.C.D).toBeCloseTo(1.2, 12);
    expect([c.A.F, c.B.F, c.C.F]).toEqual([3, 2, 0]);
    expect(c.A.U).toBeCloseTo(0.5, 12);
    expect(c.B.U).toBeNull();
    expect(c.C.U).toBe(1);
    expect(c.A.I).toBeCloseTo(6.4, 12);
    expect(c.B.I).toBeCloseTo(8.5, 12);
    expect(c.C.I).toBeCloseTo(7.5, 12);
    expect([c.A.P, c.B.P, c.C.P]).toEqual([1, 1.25, 2]);
    expect([c.A.C, c.B.C, c.C.C]).toEqual([3, 3, 4]);
    expect(c.A.X).toBeCloseTo(2 / 3, 12);
    expect([c.B.X, c.C.X]).toEqual([0, 1]);
  });

  it("copes with users who skipped the follow-up questions", () => {
    // One user of A with no follow-ups, one with frequency 3 and 2 offices only (weights 1, 1, Σw 2):
    // D = 2/2 × 3 (mean over those who said) = 3; F = (2 − 1) + no repeat data + no time data = 1.
    // B: its only user answered nothing: D = 1/2 × 1 (at least once), F and U unknown.
    const base = { strata: "Q", categories: {}, importance: {}, ranking: [] };
    const c = computeCriteria(
      citizenColumns([
        { ...base, used: { A: {}, B: {} } },
        { ...base, used: { A: { frequency: 3, offices: 2 } } },
      ]),
      [],
      ["A", "B"],
    );
    expect(c.A).toMatchObject({ D: 3, F: 1, U: null, I: null, P: null, C: null, X: null });
    expect(c.B).toMatchObject({ D: 0.5, F: null, U: null });
  });

  it("uses each record's weight when no weights are given", () => {
    const weighted = citizens.map((c, i) => ({ ...c, weight: weights[i] }));
    expect(computeCriteria(citizenColumns(weighted), staff, services).C.D).toBeCloseTo(1.2, 12);
    // Unweighted (all 1): C used by 1 of 4 → 1/4 × 3.
    expect(computeCriteria(citizenColumns(citizens), staff, services).C.D).toBeCloseTo(0.75, 12);
  });
});

describe("rankServices", () => {
  it("ranks by the weighted sum of normalised criteria and gates on X", () => {
    const r = rankServices(citizenColumns(citizens), staff, services, { weights });
    expect(r.ranking.map((s) => [s.service, s.rank])).toEqual([
      ["C", 1],
      ["A", 2],
    ]);
    expect(r.excluded.map((s) => [s.service, s.gate])).toEqual([["B", "fail"]]);
    const byCode = Object.fromEntries([...r.ranking, ...r.excluded].map((s) => [s.service, s]));
    expect(byCode.A.score).toBeCloseTo(1.4 / 6, 12);
    expect(byCode.B.score).toBeCloseTo((2 / 3 + 1 + 0.25) / 6, 12);
    expect(byCode.C.score).toBeCloseTo((4 + 1.1 / 2.1) / 6, 12);
    expect(byCode.C.criteria.I).toBeCloseTo(1.1 / 2.1, 12);
    expect(byCode.A.criteria).toMatchObject({ D: expect.closeTo(0.4, 12), F: 1, U: 0, P: 0, C: 0 });
  });

  it("follows the administrator's weights and gate threshold", () => {
    // Only importance: B 1 > C 0.524 > A 0; with the gate at 0 nobody is excluded.
    const onlyI = { D: 0, F: 0, U: 0, I: 1, P: 0, C: 0 };
    const r = rankServices(citizenColumns(citizens), staff, services, {
      weights,
      criteriaWeights: onlyI,
      gateThreshold: 0,
    });
    expect(r.ranking.map((s) => s.service)).toEqual(["B", "C", "A"]);
    // At 0.7, A (X = 2/3) is excluded as well.
    const strict = rankServices(citizenColumns(citizens), staff, services, { weights, gateThreshold: 0.7 });
    expect(strict.ranking.map((s) => s.service)).toEqual(["C"]);
    expect(strict.excluded.map((s) => s.service).sort()).toEqual(["A", "B"]);
  });

  it("keeps a service nobody on the staff judged, flagged as unknown, and shares ranks on ties", () => {
    const r = rankServices(citizenColumns(citizens), [], services, {
      weights,
      criteriaWeights: { D: 0, F: 0, U: 0, I: 0, P: 0, C: 1 },
    });
    expect(r.excluded).toEqual([]);
    expect(r.ranking.every((s) => s.gate === "unknown" && s.rank === 1)).toBe(true);
  });
});

describe("normaliseCriteria", () => {
  it("maps a criterion constant over services to 0 for all", () => {
    // Two services, D = 5 for both, F = 1 and 3: D → 0, 0; F → 0, 1.
    const m = Float64Array.from([5, 1, 0, 0, 0, 0, 1, 5, 3, 0, 0, 0, 0, 1]);
    const out = normaliseCriteria(m, 2, new Float64Array(12));
    expect([out[0], out[6]]).toEqual([0, 0]);
    expect([out[1], out[7]]).toEqual([0, 1]);
  });
});
