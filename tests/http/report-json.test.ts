import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { recordResponse } from "../../src/responses/submit.service.js";
import { createTestApp, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { syntheticSample } from "../report/fixtures.js";

let t: TestApp;
beforeAll(async () => {
  t = createTestApp(SHIPPED_SURVEYS);
  const sample = syntheticSample(300, 40, 21);
  t.db.transaction((tx) => {
    for (const r of [...sample.citizens, ...sample.staff]) {
      const survey = t.registry.current(r.surveyId)!;
      const stored = recordResponse(tx, survey, r.answers, { channel: r.channel, lang: r.lang, startedAt: r.startedAt, submittedAt: r.submittedAt, synthetic: true });
      if (!stored.ok) throw new Error(JSON.stringify(stored.page));
    }
  });
  for (const role of ["giunta", "operator"] as const) await createUser(t.db, role);
});

describe("GET /reports/:survey.json", () => {
  it("gives the giunta the report in the documented shape", async () => {
    const { cookie } = await signIn(t.app, "giunta");
    const res = await request(t.app).get("/reports/cittadini.json").set("Cookie", cookie);
    expect(res.status).toBe(200);
    const report = res.body;
    expect(report.responses.total).toBe(300);
    expect(report.synthetic).toBe(true);
    expect(Object.keys(report.weighting)).toEqual(expect.arrayContaining(["method", "converged", "iterations", "deff", "effectiveN"]));
    expect(report.questions.lavoro.categories.pensione).toEqual(expect.objectContaining({ count: expect.any(Number), estimate: expect.any(Number), low: expect.any(Number), high: expect.any(Number), suppressed: false }));
    // A weighting variable is fixed to the census by the weights: its census share, without an interval.
    expect(report.questions.eta.census).toBe(true);
    expect(report.questions.eta.categories["65_74"]).toEqual(expect.objectContaining({ count: expect.any(Number), estimate: expect.any(Number), low: null, high: null, suppressed: false }));
    expect(Object.keys(report.questions)).toContain("importanza/cie");
    expect(report.ranking[0]).toEqual(expect.objectContaining({ service: expect.any(String), rank: 1, score: expect.any(Number), criteria: expect.any(Object), rankInterval: expect.any(Array), topK: expect.any(Number), gate: expect.any(String) }));
    expect(report.coverage[0]).toEqual(expect.objectContaining({ k: 1, services: expect.any(Array), citizensFullyServed: expect.any(Number), contactsHandled: expect.any(Number) }));
    expect(report.margins).toEqual(expect.objectContaining({ file: "limbiate.csv", illustrative: true }));
  });

  it("applies the filters of the query", async () => {
    const { cookie } = await signIn(t.app, "giunta");
    const res = await request(t.app).get("/reports/cittadini.json?quartiere=mombello&canale=web").set("Cookie", cookie);
    expect(res.body.filters).toEqual({ groups: { quartiere: "mombello" }, channel: "web" });
    expect(res.body.responses.used).toBeLessThan(300);
  });

  it("is refused to an operator and to nobody signed in, and unknown surveys are 404", async () => {
    const { cookie } = await signIn(t.app, "operator");
    expect((await request(t.app).get("/reports/cittadini.json").set("Cookie", cookie)).status).toBe(403);
    expect((await request(t.app).get("/reports/cittadini.json")).status).toBe(303);
    const giunta = await signIn(t.app, "giunta");
    expect((await request(t.app).get("/reports/nessuno.json").set("Cookie", giunta.cookie)).status).toBe(404);
    expect((await request(t.app).get("/reports/personale.json").set("Cookie", giunta.cookie)).status).toBe(404);
  });
});
