import { describe, expect, it } from "vitest";
import { citizenColumns } from "../../src/analysis/columns.js";
import { coverageBase, coverageCurve, deskCoverage } from "../../src/analysis/coverage.js";
import { importancePerformance } from "../../src/analysis/ipa.js";
import type { StaffRecord } from "../../src/analysis/records.js";
import { citizens, services, weights } from "./fixtures.js";

describe("importancePerformance", () => {
  it("places services in quadrants around the means, worked by hand", () => {
    // Importance (weights 1,1,2,1): A 6.4, B 8.5, C 7.5. Satisfaction over users without "non so":
    // A (4 + 8)/2 = 6, B none, C 5. Lines over A and C: importance 6.95, satisfaction 5.5.
    const r = importancePerformance(citizenColumns(citizens), services, weights);
    expect(r.importanceLine).toBeCloseTo(6.95, 12);
    expect(r.satisfactionLine).toBeCloseTo(5.5, 12);
    const [a, b, c] = r.points;
    expect(a).toMatchObject({
      service: "A",
      satisfaction: 6,
      satisfactionN: 2,
      importanceN: 4,
      quadrant: "possible overkill",
    });
    expect(a.importance).toBeCloseTo(6.4, 12);
    expect(b).toMatchObject({ service: "B", satisfaction: null, satisfactionN: 0, quadrant: null });
    expect(c).toMatchObject({ service: "C", importance: 7.5, satisfaction: 5, quadrant: "concentrate here" });
  });
});

describe("coverageCurve", () => {
  it("grows the desk greedily, worked by hand", () => {
    // Users: c1 {A} (w 1, freq 2), c2 {A, B} (w 1, freq 1 each), c3 {C} (w 2, freq 3); c4 used nothing.
    // Base = 4, contacts = 2 + 2 + 6 = 10.
    // k = 1: C completes c3 (2) vs A completes c1 (1) → C; served 2/4, contacts 6/10.
    // k = 2: A completes c1 → 3/4, contacts 9/10.  k = 3: B completes c2 → 1, 1.
    const staff: StaffRecord[] = [
      { area: "x", services: { A: { contacts: 10 } }, training: {} },
      { area: "x", services: { B: { contacts: 30 }, Z: { contacts: 60 } }, training: {} },
    ];
    const curve = coverageCurve(citizenColumns(citizens), services, { weights, staff });
    expect(curve.map((p) => p.services)).toEqual([["C"], ["C", "A"], ["C", "A", "B"]]);
    expect(curve.map((p) => p.citizensFullyServed)).toEqual([0.5, 0.75, 1]);
    expect(curve[0].contactsHandled).toBeCloseTo(0.6, 12);
    expect(curve[1].contactsHandled).toBeCloseTo(0.9, 12);
    expect(curve[2].contactsHandled).toBeCloseTo(1, 12);
    // Staff contacts: 100 in all, Z is not a candidate: 0, 10/100, 40/100.
    expect(curve.map((p) => p.staffContactsHandled)).toEqual([0, 0.1, 0.4]);
  });

  it("never fully serves a citizen who also used a service outside the candidates, who still counts in the base", () => {
    // Without C among the candidates, c3 uses a service the desk cannot offer: the base stays every
    // citizen who used any service (4 by weight), and c1, c2 (2 of 4) become complete once A and B are in.
    const curve = coverageCurve(citizenColumns(citizens), ["A", "B"], { weights, maxK: 2 });
    expect(curve.map((p) => p.citizensFullyServed)).toEqual([0.25, 0.5]);
    // All contacts still count: A handles 3 of 10.
    expect(curve[0].contactsHandled).toBeCloseTo(0.3, 12);
    expect(curve[0].staffContactsHandled).toBeNull();
  });
});

describe("deskCoverage", () => {
  it("covers a given desk (the report's top k) prefix by prefix, worked by hand, on the same base", () => {
    // Desk A, B, C in that order: k = 1 serves c1 (1 of 4), contacts 3/10; k = 2 c1, c2 (2/4), 4/10; k = 3 all.
    const desk = deskCoverage(citizenColumns(citizens), ["A", "B", "C"], { weights });
    expect(desk.map((p) => p.services)).toEqual([["A"], ["A", "B"], ["A", "B", "C"]]);
    expect(desk.map((p) => p.citizensFullyServed)).toEqual([0.25, 0.5, 1]);
    expect(desk[0].contactsHandled).toBeCloseTo(0.3, 12);
    expect(desk[1].contactsHandled).toBeCloseTo(0.4, 12);
    expect(desk[2].contactsHandled).toBeCloseTo(1, 12);
    // The greedy best desk of the same size does at least as well at every k.
    const best = coverageCurve(citizenColumns(citizens), ["A", "B", "C"], { weights });
    desk.forEach((p, k) => expect(best[k].citizensFullyServed).toBeGreaterThanOrEqual(p.citizensFullyServed));
  });

  it("states its base: citizens who used any service, their share of all, and all their contacts", () => {
    // c1, c2, c3 used something (weights 1, 1, 2 of a total 5 with c4's 1); contacts 10.
    expect(coverageBase(citizenColumns(citizens), weights)).toEqual({
      citizens: 3,
      citizensShare: 4 / 5,
      contacts: 10,
    });
  });
});
