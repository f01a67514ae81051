import { describe, expect, it } from "vitest";
import { citizenColumns } from "../../src/analysis/columns.js";
import { citizenContributions } from "../../src/analysis/contributions.js";
import { computeCriteria } from "../../src/analysis/criteria.js";
import { createRng } from "../../src/analysis/random.js";
import { LANES, weightedSums, weightedSums4 } from "../../src/analysis/weighted-sums.js";
import { citizens as handCitizens, services as handServices } from "./fixtures.js";
import { serviceCodes, syntheticCitizens } from "./synthetic.js";

describe("weightedSums4", () => {
  it("gives each lane exactly what weightedSums gives for that lane's weights", () => {
    const c = citizenContributions(citizenColumns(syntheticCitizens(500, 9, 4)), serviceCodes(9), 5);
    const rng = createRng(8);
    const lanes = Array.from({ length: LANES }, () =>
      Float64Array.from({ length: c.rows }, () => rng.nextInt(3) * rng.next()),
    );
    const interleaved = new Float64Array(c.rows * LANES);
    lanes.forEach((w, r) => w.forEach((x, i) => (interleaved[i * LANES + r] = x)));
    const out = weightedSums4(c, interleaved, new Float64Array(c.width * LANES));
    lanes.forEach((w, r) => {
      const single = weightedSums(c, w, new Float64Array(c.width));
      expect(Array.from({ length: c.width }, (_, s) => out[s * LANES + r])).toEqual(Array.from(single));
    });
  });
});

describe("citizenContributions", () => {
  it("keeps importance exact when float32 cannot hold it", () => {
    // 7.3 is not a float32 (it would read 7.300000190734863): the remainder is kept as a sparse entry.
    const citizens = [{ ...handCitizens[3], importance: { A: 7.3, B: 2 } }];
    expect(Math.fround(7.3)).not.toBe(7.3);
    const c = computeCriteria(citizenColumns(citizens), [], handServices, { weights: [3] });
    expect(c.A.I).toBe(7.3);
    expect(c.B.I).toBe(2);
    expect(c.C.I).toBeNull();
  });
});
