import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report/contract.js";
import type { TestApp } from "../helpers/app.js";
import { signIn } from "../helpers/auth.js";
import { reportApp, textOf } from "../helpers/report-pages.js";

let t: TestApp;
let cookie = "";
let report: Report;

beforeAll(async () => {
  t = await reportApp(300, 40, 21);
  cookie = (await signIn(t.app, "giunta")).cookie;
  report = (await request(t.app).get("/reports/cittadini.json").set("Cookie", cookie)).body as Report;
});

const name = (code: string) =>
  t.registry.current("cittadini")!.catalogue!.services.find((s) => s.code === code)!.name.it;

describe("GET /reports/:surveyId/sintesi, the one-page briefing", () => {
  it("holds the answer, the caveats and one chart, in the app's page", async () => {
    const res = await request(t.app).get("/reports/cittadini/sintesi").set("Cookie", cookie);
    expect(res.status).toBe(200);
    const text = textOf(res.text);
    for (const r of report.ranking.slice(0, 5)) expect(res.text).toContain(`<li data-service="${r.service}">`);
    expect(text).toContain(name(report.ranking[0].service));
    expect(text).toContain("Avvertenze");
    expect(text).toContain("Pesi dei criteri");
    expect(res.text.match(/<svg /g)).toHaveLength(1);
    expect(res.text).toContain('href="/static/css/report-sintesi.css"');
  });

  it("keeps the report's filter rules: a filter the report does not offer is a 400", async () => {
    expect(
      (await request(t.app).get("/reports/cittadini/sintesi?quartiere=atlantide").set("Cookie", cookie)).status,
    ).toBe(400);
    expect((await request(t.app).get("/reports/cittadini/sintesi?canale=web").set("Cookie", cookie)).status).toBe(200);
    expect((await request(t.app).get("/reports/nessuno/sintesi").set("Cookie", cookie)).status).toBe(404);
  });
});

describe("GET /reports/:surveyId/confronto, two groups side by side", () => {
  it("offers only the report's own filters, one at a time, and shows both rankings", async () => {
    const form = await request(t.app).get("/reports/cittadini/confronto").set("Cookie", cookie);
    expect(form.status).toBe(200);
    const options = [...form.text.matchAll(/<option value="([^"]+)"/g)].map((m) => m[1]).filter((v) => v);
    expect(options).toContain("tutti");
    expect(options).toContain("eta:65_74");
    expect(options).toContain("canale:paper");
    for (const o of options)
      expect(o).toMatch(/^(tutti|quartiere:[a-z_]+|eta:[a-z0-9_]+|canale:(web|kiosk|paper|import))$/);

    const res = await request(t.app).get("/reports/cittadini/confronto?a=tutti&b=canale:web").set("Cookie", cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain('data-side="a"');
    expect(res.text).toContain('data-side="b"');
    const a = res.text.slice(res.text.indexOf('data-side="a"'), res.text.indexOf('data-side="b"'));
    const firstFive = [...a.matchAll(/<li data-service="([a-z_]+)">/g)].map((m) => m[1]);
    expect(firstFive).toEqual(report.ranking.slice(0, 5).map((r) => r.service));
    expect(res.text).toContain('id="tabella-confronto"');
  });

  it("names a group under the minimum view size without showing it, and refuses a group it does not offer", async () => {
    // Chalet del Laghetto is 3 % of the adults: about 9 of 300 respondents, under the minimum of 20.
    const small = await request(t.app)
      .get("/reports/cittadini/confronto?a=quartiere:chalet_laghetto&b=tutti")
      .set("Cookie", cookie);
    expect(small.status).toBe(200);
    const side = small.text.slice(small.text.indexOf('data-side="a"'), small.text.indexOf('data-side="b"'));
    expect(side).toContain("data-not-shown");
    expect(side).not.toContain("<li data-service=");
    expect(
      (await request(t.app).get("/reports/cittadini/confronto?a=quartiere:atlantide&b=tutti").set("Cookie", cookie))
        .status,
    ).toBe(400);
    expect(
      (
        await request(t.app)
          .get("/reports/cittadini/confronto?a=eta:65_74%26canale%3Dweb&b=tutti")
          .set("Cookie", cookie)
      ).status,
    ).toBe(400);
  });
});
