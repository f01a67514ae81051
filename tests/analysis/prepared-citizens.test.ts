import { describe, expect, it } from "vitest";
import { bootstrapRanking } from "../../src/analysis/bootstrap.js";
import { computeCriteria, prepareCitizens } from "../../src/analysis/criteria.js";
import { citizenColumns, withWeights } from "../../src/analysis/columns.js";
import { rankServices } from "../../src/analysis/ranking.js";
import { gateSensitivity, weightSensitivity } from "../../src/analysis/sensitivity.js";
import { serviceCodes, syntheticCitizens, syntheticStaff } from "./synthetic.js";

describe("prepareCitizens", () => {
  const services = serviceCodes(8);
  const records = syntheticCitizens(300, 8, 5);
  const citizens = citizenColumns(records);
  const staff = syntheticStaff(20, 8, 6);
  const weights = records.map((_, i) => 0.5 + (i % 7) / 4);

  it("gives the ranking and both sensitivities exactly what they compute on their own", () => {
    const prepared = prepareCitizens(citizens, services);
    const alone = { weights, gateThreshold: 0.5 };
    const withPrepared = { ...alone, prepared };
    expect(rankServices(citizens, staff, services, withPrepared)).toEqual(
      rankServices(citizens, staff, services, alone),
    );
    expect(weightSensitivity(citizens, staff, services, withPrepared)).toEqual(
      weightSensitivity(citizens, staff, services, alone),
    );
    expect(gateSensitivity(citizens, staff, services, withPrepared)).toEqual(
      gateSensitivity(citizens, staff, services, alone),
    );
  });

  it("is ignored for other records, other services or another Borda length", () => {
    const prepared = prepareCitizens(citizens, services);
    const others = citizenColumns(syntheticCitizens(300, 8, 11));
    expect(computeCriteria(others, staff, services, { prepared })).toEqual(computeCriteria(others, staff, services));
    const fewer = services.slice(0, 5);
    expect(computeCriteria(citizens, staff, fewer, { prepared })).toEqual(computeCriteria(citizens, staff, fewer));
    expect(computeCriteria(citizens, staff, services, { prepared, bordaLength: 1 })).toEqual(
      computeCriteria(citizens, staff, services, { bordaLength: 1 }),
    );
    expect(computeCriteria(citizens, staff, services, { prepared, bordaLength: 1 })).not.toEqual(
      computeCriteria(citizens, staff, services, { prepared }),
    );
  });

  it("serves the bootstrap's copies of the columns with their own weights, and not columns whose answers differ", () => {
    const prepared = prepareCitizens(citizens, services);
    const copies = withWeights(citizens, weights);
    const options = { replicates: 40, seed: 3, gateThreshold: 0.5 };
    expect(bootstrapRanking(copies, staff, services, { ...options, prepared })).toEqual(
      bootstrapRanking(copies, staff, services, options),
    );
    const changed = withWeights(citizenColumns(records.map((c, i) => (i === 7 ? { ...c, used: {} } : c))), weights);
    expect(bootstrapRanking(changed, staff, services, { ...options, prepared })).toEqual(
      bootstrapRanking(changed, staff, services, options),
    );
    expect(computeCriteria(changed, staff, services, { prepared })).not.toEqual(
      computeCriteria(copies, staff, services, { prepared }),
    );
  });
});
