import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapRanking, startBootstrapRanking } from "../../src/analysis/bootstrap.js";
import { citizenColumns } from "../../src/analysis/columns.js";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { runReportJob } from "../../src/storage/sqlite-report-inputs.js";
import { reportJobFor } from "../../src/report/load.js";
import { replicateRunner, replicateStart, type ReplicateThreading } from "../../src/report/replicates.js";
import { startReplicateHelpers, stopReplicateHelpers } from "../../src/report/helper-threads.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "../../src/surveys/registry.js";
import { serviceCodes, syntheticCitizens, syntheticMargins, syntheticStaff } from "../analysis/synthetic.js";
import { SHIPPED_MARGINS, SHIPPED_SURVEYS } from "../helpers/app.js";
import { storeDemoResponses, tempDatabasePath } from "../helpers/report-service.js";

const services = serviceCodes(12);
const citizens = citizenColumns(syntheticCitizens(1200, 12, 31));
const staff = syntheticStaff(40, 12, 32);
const margins = syntheticMargins();
const options = { margins, replicates: 120, seed: 7 };

/** Threads with no minimum of work, so that even this small bootstrap is split; with the helpers' count of chunks. */
function threading(threads: number, buildingThreadWorks = true): ReplicateThreading & { byHelpers: number } {
  const t = {
    threads,
    minWork: 0,
    buildingThreadWorks,
    byHelpers: -1,
    observe: (_chunks: number, byHelpers: number) => {
      t.byHelpers = byHelpers;
    },
  };
  return t;
}

beforeAll(() => startReplicateHelpers(2));
afterAll(() => stopReplicateHelpers());

describe("the bootstrap's replicates on several threads", () => {
  it("gives the same result with 1, 2 and 3 threads as in one pass", () => {
    const one = bootstrapRanking(citizens, staff, services, options);
    expect(bootstrapRanking(citizens, staff, services, options, replicateRunner(1))).toEqual(one);
    for (const threads of [2, 3]) {
      const t = threading(threads);
      const split = bootstrapRanking(citizens, staff, services, options, replicateRunner(t));
      expect(JSON.stringify(split), `${threads} threads`).toBe(JSON.stringify(one));
      expect(t.byHelpers, `${threads} threads`).toBeGreaterThanOrEqual(0);
    }
    // Something to compare: the intervals are not all points.
    expect(one.services.some((s) => s.rankInterval && s.rankInterval[0] !== s.rankInterval[1])).toBe(true);
  });

  it("gives the same result when every chunk runs on a helper thread", () => {
    const one = bootstrapRanking(citizens, staff, services, options);
    const t = threading(3, false);
    expect(bootstrapRanking(citizens, staff, services, options, replicateRunner(t))).toEqual(one);
    // The helpers ran them (the building thread runs a chunk only if no helper finished it within 10 s).
    expect(t.byHelpers).toBeGreaterThan(0);
  });

  it("gives the same result when the helpers start before the caller collects, with other work between", () => {
    const one = bootstrapRanking(citizens, staff, services, options);
    const t = threading(2);
    const finish = startBootstrapRanking(citizens, staff, services, options, replicateStart(t));
    // The building thread meanwhile computes something else, as the report does.
    const other = bootstrapRanking(citizens, staff, services, { ...options, seed: 8 });
    const started = finish();
    expect(JSON.stringify(started)).toBe(JSON.stringify(one));
    expect(other).not.toEqual(one);
    // Which thread ran which chunk depends on the machine's load; that the split happened does not.
    expect(t.byHelpers).toBeGreaterThanOrEqual(0);
  });

  it("stays in the building thread below the minimum of work", () => {
    const t = { ...threading(2), minWork: 1240 * 120 + 1 };
    const one = bootstrapRanking(citizens, staff, services, options);
    expect(bootstrapRanking(citizens, staff, services, options, replicateRunner(t))).toEqual(one);
    expect(t.byHelpers).toBe(-1);
  });
});

describe("the report with its replicates on several threads", () => {
  let db: Database;
  let registry: SurveyRegistry;
  beforeAll(() => {
    db = openDatabase(tempDatabasePath());
    const surveys = [...loadDefinitions(SHIPPED_SURVEYS).surveys.values()];
    publishSurveys(db, surveys);
    registry = createRegistry(surveys);
    storeDemoResponses(db, registry, 240, 30, 13);
  });
  afterAll(() => db.$client.close());

  it("is byte-identical with 1, 2 and 3 threads", () => {
    const job = reportJobFor(registry, "cittadini", {
      marginsFile: SHIPPED_MARGINS,
      now: new Date("2026-12-01T09:00:00.000Z"),
    });
    const one = JSON.stringify(runReportJob(db, { ...job, threads: 1 }).report);
    const report = JSON.parse(one) as { settings: { replicates: number }; ranking: { rankInterval: unknown }[] };
    expect(report.settings.replicates).toBe(100);
    expect(report.ranking.filter((r) => r.rankInterval !== null).length).toBeGreaterThan(0);
    for (const t of [threading(2), threading(3, false)]) {
      expect(JSON.stringify(runReportJob(db, { ...job, threads: t }).report), `${t.threads} threads`).toBe(one);
      expect(t.byHelpers).toBeGreaterThanOrEqual(0);
    }
  });
});
