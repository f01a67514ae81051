import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { createApp } from "../../src/app.js";
import { openDatabase, type Database } from "../../src/db/client.js";
import type { ReportService } from "../../src/report/service.js";
import type { StoredResponse } from "../../src/responses/records.js";
import { createSqliteReportService, createSqliteWorkerBuilder } from "../../src/storage/sqlite-report-source.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "../../src/surveys/registry.js";
import { SHIPPED_MARGINS, SHIPPED_SURVEYS, TEST_CONFIG } from "../helpers/app.js";
import { createUser, getAs, signIn } from "../helpers/auth.js";
import { heldBuilder, storeDemoResponses, storeOne, tempDatabasePath } from "../helpers/report-service.js";
import { syntheticSample } from "../report/fixtures.js";
import type { Express } from "express";

let db: Database;
let registry: SurveyRegistry;
let reports: ReportService;
let app: Express;
let held: ReturnType<typeof heldBuilder>;
let giunta: { cookie: string; csrf: string };
let later: StoredResponse[];

beforeAll(async () => {
  const path = tempDatabasePath();
  db = openDatabase(path);
  const surveys = [...loadDefinitions(SHIPPED_SURVEYS).surveys.values()];
  publishSurveys(db, surveys);
  registry = createRegistry(surveys);
  storeDemoResponses(db, registry, 150, 20, 5);
  // More citizens of another draw, stored one by one while a build is held.
  later = syntheticSample(10, 0, 99).citizens;
  held = heldBuilder(createSqliteWorkerBuilder(path));
  // No waiting for a build: every answer below is what the server has at that instant.
  reports = createSqliteReportService(db, registry, { marginsFile: SHIPPED_MARGINS, builder: held.builder, waitMs: 0 });
  app = createApp({ db, registry, config: { ...TEST_CONFIG, marginsFile: SHIPPED_MARGINS }, reports });
  await createUser(db, "giunta");
  giunta = await signIn(app, "giunta");
});

afterAll(async () => {
  await reports.close();
  db.$client.close();
});

describe("the report, built off the request path", () => {
  it("says the first report is being prepared, keeps serving citizens meanwhile, then shows it", async () => {
    const hold = held.hold();
    const first = await getAs(app, giunta, "/reports/cittadini");
    expect(first.status).toBe(503);
    expect(first.headers["refresh"]).toBe("5");
    expect(first.headers["retry-after"]).toBe("5");
    expect(first.text).toContain("Rapporto in preparazione");
    expect(first.text).toMatch(/<a href="">la ricarichi<\/a>/);
    const json = await getAs(app, giunta, "/reports/cittadini.json");
    expect(json.status).toBe(503);
    expect(json.body.status).toBe("preparing");

    // The build is in progress (held): a citizen's page is answered all the same.
    await hold.entered;
    const citizen = await request(app).get("/s/cittadini");
    expect(citizen.status).toBe(200);
    expect(reports.buildCount()).toBe(1);

    hold.open();
    await reports.idle();
    const ready = await getAs(app, giunta, "/reports/cittadini");
    expect(ready.status).toBe(200);
    expect(ready.headers["x-report-status"]).toBe("fresh");
    expect(ready.text).not.toContain("Aggiornamento in corso");
    expect(reports.buildCount()).toBe(1);
  });

  it("after new answers serves the last report with «aggiornamento in corso», and a burst of answers and views makes one rebuild", async () => {
    const before = reports.buildCount();
    // The published totals are protected counts (150 and 160 give or take the noise): compare with the served one.
    const servedTotal = (await getAs(app, giunta, "/reports/cittadini.json")).body.responses.total as number;
    expect(Math.abs(servedTotal - 150)).toBeLessThanOrEqual(5);
    const hold = held.hold();
    storeOne(db, registry, later[0]);
    const stale = await getAs(app, giunta, "/reports/cittadini");
    expect(stale.status).toBe(200);
    expect(stale.headers["x-report-status"]).toBe("updating");
    expect(stale.text).toContain("Aggiornamento in corso");
    expect(stale.text).toContain("dati al");

    // While the rebuild is held: more answers, more views of the page and of its JSON.
    await hold.entered;
    for (const r of later.slice(1)) {
      storeOne(db, registry, r);
      const view = await getAs(app, giunta, "/reports/cittadini.json");
      expect(view.status).toBe(200);
      expect(view.body.responses.total).toBe(servedTotal);
      expect((await request(app).get("/s/cittadini")).status).toBe(200);
    }
    hold.open();
    await reports.idle();
    // The held build read the answers when it started, after all of them: nothing left to rebuild.
    expect(reports.buildCount()).toBe(before + 1);
    const fresh = await getAs(app, giunta, "/reports/cittadini.json");
    expect(fresh.headers["x-report-status"]).toBe("fresh");
    expect(Math.abs(fresh.body.responses.total - 160)).toBeLessThanOrEqual(5);
  });

  it("builds a filtered view in the worker too, and serves it again without building while nothing changes", async () => {
    const before = reports.buildCount();
    expect((await getAs(app, giunta, "/reports/cittadini.json?quartiere=centro")).status).toBe(503);
    await reports.idle();
    const filtered = await getAs(app, giunta, "/reports/cittadini.json?quartiere=centro");
    expect(filtered.status).toBe(200);
    expect(filtered.body.filters).toEqual({ groups: { quartiere: "centro" } });
    expect((await getAs(app, giunta, "/reports/cittadini.json?quartiere=centro")).status).toBe(200);
    expect((await getAs(app, giunta, "/reports/cittadini.json")).headers["x-report-status"]).toBe("fresh");
    expect(reports.buildCount()).toBe(before + 1);
  });
});
