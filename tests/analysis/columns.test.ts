import { describe, expect, it } from "vitest";
import { citizenColumns, selectCitizens, withWeights } from "../../src/analysis/columns.js";
import { citizens as handCitizens } from "./fixtures.js";
import { canonical } from "./columns-helpers.js";
import { syntheticCitizens } from "./synthetic.js";

describe("citizen columns", () => {
  it("hold a record's answers: uses in the record's order, «non so» and no answer as NaN, importance and ranking", () => {
    const c = citizenColumns(handCitizens);
    expect(c.n).toBe(4);
    expect(canonical(c).uses[1]).toEqual([
      ["A", 1, 1, 0, 1, 8],
      ["B", 1, 2, 1, 0, Number.NaN],
    ]);
    expect(canonical(c).uses[3]).toEqual([]);
    expect(canonical(c).importance[3]).toEqual({ A: 10 });
    expect(canonical(c).ranking[1]).toEqual(["B", "C", "A"]);
    expect([...c.weight]).toEqual([1, 1, 1, 1]);
  });

  it("select rows as the records of those rows would give, and share everything when all rows are kept", () => {
    const records = syntheticCitizens(200, 7, 3);
    const all = citizenColumns(records);
    const rows = [5, 0, 17, 199, 17, 42];
    expect(canonical(selectCitizens(all, rows))).toEqual(canonical(citizenColumns(rows.map((i) => records[i]))));
    expect(
      selectCitizens(
        all,
        records.map((_, i) => i),
      ),
    ).toBe(all);
    expect(selectCitizens(all, []).n).toBe(0);
  });

  it("take other weights without copying the answers", () => {
    const all = citizenColumns(handCitizens);
    const weighted = withWeights(all, [1, 1, 2, 1]);
    expect([...weighted.weight]).toEqual([1, 1, 2, 1]);
    expect(weighted.importance).toBe(all.importance);
    expect([...all.weight]).toEqual([1, 1, 1, 1]);
  });
});
