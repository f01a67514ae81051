import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import { runReportJobFrom } from "../../src/report/job.js";
import { reportJobFor } from "../../src/report/load.js";
import type { ReportService } from "../../src/report/service.js";
import { createSqliteReportInputs, runReportJob } from "../../src/storage/sqlite-report-inputs.js";
import { createInlineBuilder, createSqliteReportService } from "../../src/storage/sqlite-report-source.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "../../src/surveys/registry.js";
import { SHIPPED_MARGINS, SHIPPED_SURVEYS } from "../helpers/app.js";
import { storeDemoResponses, tempDatabasePath } from "../helpers/report-service.js";

const NOW = new Date("2026-11-30T10:00:00.000Z");
const now = (): Date => NOW;
let db: Database;
let registry: SurveyRegistry;
const services: ReportService[] = [];

beforeAll(() => {
  db = openDatabase(tempDatabasePath());
  const surveys = [...loadDefinitions(SHIPPED_SURVEYS).surveys.values()];
  publishSurveys(db, surveys);
  registry = createRegistry(surveys);
  storeDemoResponses(db, registry, 240, 30, 13);
});

afterAll(async () => {
  for (const s of services) await s.close();
  db.$client.close();
});

function service(options: Partial<Parameters<typeof createSqliteReportService>[2]> = {}): ReportService {
  const s = createSqliteReportService(db, registry, { marginsFile: SHIPPED_MARGINS, now, waitMs: 0, ...options });
  services.push(s);
  return s;
}

async function builtBy(s: ReportService, filters = { groups: {} as Record<string, string> }): Promise<string> {
  expect((await s.view("cittadini", filters)).status).toBe("preparing");
  await s.idle();
  const view = await s.view("cittadini", filters);
  if (view.status !== "fresh") throw new Error(`expected a fresh report, got ${view.status}`);
  return JSON.stringify(view.report);
}

describe("the report service", () => {
  it("gives byte for byte the same report JSON from the worker, from a build in this process, from its cache and from the CLI's path", async () => {
    const job = reportJobFor(registry, "cittadini", { marginsFile: SHIPPED_MARGINS, now: NOW });
    const direct = JSON.stringify(runReportJob(db, job).report);
    // A protected count: 240 give or take the perturbation table's maximum noise of 5.
    expect(Math.abs(JSON.parse(direct).responses.total - 240)).toBeLessThanOrEqual(5);

    const inWorker = service();
    expect(await builtBy(inWorker)).toBe(direct);
    const cached = await inWorker.view("cittadini", { groups: {} });
    expect(cached.status).toBe("fresh");
    expect(JSON.stringify((cached as { report: unknown }).report)).toBe(direct);
    expect(inWorker.buildCount()).toBe(1);

    const inProcess = service({ builder: createInlineBuilder(db) });
    expect(await builtBy(inProcess)).toBe(direct);
    expect(JSON.stringify((await runReportJobFrom(createSqliteReportInputs(db), job)).report)).toBe(direct);
  });

  it("builds a filtered view in the worker as in this process, and keeps it beside the whole sample's", async () => {
    const filters = { groups: { eta: "65_74" } };
    const inWorker = service();
    const filtered = await builtBy(inWorker, filters);
    expect(JSON.parse(filtered).filters).toEqual(filters);
    expect(filtered).toBe(await builtBy(service({ builder: createInlineBuilder(db) }), filters));
    await builtBy(inWorker);
    expect((await inWorker.view("cittadini", filters)).status).toBe("fresh");
    expect(inWorker.buildCount()).toBe(2);
  });

  it("reports a survey without a report as unavailable, without building", async () => {
    const s = service();
    await expect(s.view("personale", { groups: {} })).rejects.toThrow(/non ha un rapporto/);
    expect(s.buildCount()).toBe(0);
  });
});
