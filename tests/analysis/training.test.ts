import { describe, expect, it } from "vitest";
import type { StaffRecord } from "../../src/analysis/records.js";
import { trainingNeeds } from "../../src/analysis/training.js";

const person = (area: string, training: Record<string, number>): StaffRecord => ({ area, services: {}, training });

describe("trainingNeeds", () => {
  it("counts levels per subject and hides areas with fewer than five respondents", () => {
    // Demografici (5 people): anagrafe 0,1,2,2,2; tributi 1,1,0,0 (one did not answer).
    // Tributi (2 people): anagrafe 1, 0; tributi 2, 2 → area hidden, still counted overall.
    const staff = [
      person("Demografici", { anagrafe: 0, tributi: 1 }),
      person("Demografici", { anagrafe: 1, tributi: 1 }),
      person("Demografici", { anagrafe: 2, tributi: 0 }),
      person("Demografici", { anagrafe: 2, tributi: 0 }),
      person("Demografici", { anagrafe: 2 }),
      person("Tributi", { anagrafe: 1, tributi: 2 }),
      person("Tributi", { anagrafe: 0, tributi: 2 }),
    ];
    const m = trainingNeeds(staff);
    expect(m.subjects).toEqual(["anagrafe", "tributi"]);
    expect(m.suppressedAreas).toEqual(["Tributi"]);
    expect(Object.keys(m.byArea)).toEqual(["Demografici"]);
    expect(m.byArea.Demografici.anagrafe).toEqual({
      none: 1,
      basic: 1,
      inDepth: 3,
      answered: 5,
      needShare: 0.8,
      inDepthShare: 0.6,
    });
    expect(m.byArea.Demografici.tributi).toMatchObject({ none: 2, basic: 2, inDepth: 0, answered: 4, needShare: 0.5 });
    // Overall anagrafe: none 2, basic 2, in depth 3 of 7; tributi: 2, 2, 2 of 6.
    expect(m.overall.anagrafe).toMatchObject({ none: 2, basic: 2, inDepth: 3, answered: 7 });
    expect(m.overall.tributi.needShare).toBeCloseTo(4 / 6, 12);
  });

  it("reports only the subjects asked for", () => {
    const m = trainingNeeds([person("A", { anagrafe: 2, lingue: 1 })], ["lingue"]);
    expect(Object.keys(m.overall)).toEqual(["lingue"]);
  });
});
