import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { recordResponse } from "../../src/storage/sqlite-submit.js";
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
      const stored = recordResponse(tx, survey, r.answers, {
        channel: r.channel,
        lang: r.lang,
        startedAt: r.startedAt,
        submittedAt: r.submittedAt,
        synthetic: true,
      });
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
    // A protected count (cell-key perturbation): 300 give or take the table's maximum noise of 5.
    expect(Math.abs(report.responses.total - 300)).toBeLessThanOrEqual(5);
    expect(report.disclosure).toEqual(
      expect.objectContaining({ method: "cell-key", maxNoise: 5, minCount: 5, minView: 20 }),
    );
    expect(report.synthetic).toBe(true);
    expect(Object.keys(report.weighting)).toEqual(
      expect.arrayContaining(["method", "converged", "iterations", "deff", "effectiveN"]),
    );
    expect(report.questions.lavoro.categories.pensione).toEqual(
      expect.objectContaining({
        count: expect.any(Number),
        estimate: expect.any(Number),
        low: expect.any(Number),
        high: expect.any(Number),
        suppressed: false,
        reason: null,
      }),
    );
    // A weighting variable is fixed to the census by the weights: its census share, without an interval.
    expect(report.questions.eta.census).toBe(true);
    expect(report.questions.eta.categories["65_74"]).toEqual(
      expect.objectContaining({
        count: expect.any(Number),
        estimate: expect.any(Number),
        low: null,
        high: null,
        suppressed: false,
        reason: null,
      }),
    );
    expect(Object.keys(report.questions)).toContain("soddisfazione/cie");
    // Importance by best–worst scaling: count scores with intervals and the logit share, for every service.
    expect(report.bestWorst.services.find((s: { service: string }) => s.service === "cie")).toEqual(
      expect.objectContaining({
        score: expect.any(Number),
        low: expect.any(Number),
        high: expect.any(Number),
        share: expect.any(Number),
        suppressed: false,
      }),
    );
    expect(report.ranking[0]).toEqual(
      expect.objectContaining({
        service: expect.any(String),
        rank: 1,
        score: expect.any(Number),
        criteria: expect.any(Object),
        rankInterval: expect.any(Array),
        topK: expect.any(Number),
        gate: expect.any(String),
      }),
    );
    expect(report.coverage[0]).toEqual(
      expect.objectContaining({
        k: 1,
        services: expect.any(Array),
        citizensFullyServed: expect.any(Number),
        contactsHandled: expect.any(Number),
      }),
    );
    expect(report.margins).toEqual(expect.objectContaining({ file: "limbiate.csv", illustrative: true }));
  });

  it("applies the filters of the query", async () => {
    const { cookie } = await signIn(t.app, "giunta");
    const res = await request(t.app).get("/reports/cittadini.json?quartiere=centro").set("Cookie", cookie);
    expect(res.body.filters).toEqual({ groups: { quartiere: "centro" } });
    expect(res.body.responses.used).toBeLessThan(300);
    expect((await request(t.app).get("/reports/cittadini.json?canale=web").set("Cookie", cookie)).body.filters).toEqual(
      { groups: {}, channel: "web" },
    );
  });

  it("accepts only the documented filters, one at a time: anything else is a 400 with the reason, never a new computation", async () => {
    const { cookie } = await signIn(t.app, "giunta");
    for (const query of [
      "?quartiere=atlantide",
      "?eta=0_17",
      "?canale=fax",
      "?quartiere=centro&canale=web",
      "?quartiere=centro&eta=30_44",
      "?quartiere=centro&quartiere=mombello",
    ]) {
      const res = await request(t.app).get(`/reports/cittadini.json${query}`).set("Cookie", cookie);
      expect(res.status, query).toBe(400);
      expect(res.body.message, query).toMatch(/filtro|filtrare/);
      expect(res.body.questions, query).toBeUndefined();
      const page = await request(t.app).get(`/reports/cittadini${query}`).set("Cookie", cookie);
      expect(page.status, query).toBe(400);
      expect(page.text).toContain("Filtro non valido");
    }
    // An empty value is «all», as the page's form sends it.
    expect(
      (await request(t.app).get("/reports/cittadini.json?quartiere=&eta=&canale=").set("Cookie", cookie)).status,
    ).toBe(200);
  });

  it("does not serve a view of fewer than 20 respondents, in JSON, page or offline file", async () => {
    const { cookie } = await signIn(t.app, "giunta");
    // Kiosk answers are few in the demo sample; with 300 citizens the smallest quartiere has fewer than 20.
    const small = ["?quartiere=villaggio_groane", "?quartiere=chalet_laghetto", "?canale=import"];
    let refused = 0;
    for (const query of small) {
      const json = await request(t.app).get(`/reports/cittadini.json${query}`).set("Cookie", cookie);
      if (json.status === 200) {
        expect(json.body.responses.used, query).toBeGreaterThanOrEqual(20);
        continue;
      }
      refused++;
      expect(json.status, query).toBe(403);
      expect(json.body.message).toContain("meno di 20 persone");
      for (const path of ["/reports/cittadini", "/reports/cittadini/rapporto.html"]) {
        const res = await request(t.app).get(`${path}${query}`).set("Cookie", cookie);
        expect(res.status, path + query).toBe(403);
        expect(res.text).not.toContain('id="classifica"');
      }
    }
    expect(refused).toBeGreaterThan(0);
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
