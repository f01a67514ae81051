import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccessCodes } from "../../src/storage/sqlite-access-codes.js";
import { countResponses } from "../../src/storage/sqlite-responses.js";
import { ACCESS } from "../../src/web/common/access.js";
import { download } from "../helpers/data.js";
import { formulaCells, unescapedPayloads } from "../helpers/hostile.js";
import { buildHostileWorld, type HostileWorld } from "../helpers/hostile-world.js";
import { formBody } from "../helpers/respondent.js";

let w: HostileWorld;
beforeAll(async () => {
  w = await buildHostileWorld();
}, 60_000);

describe("XSS: payloads in survey texts, answers, other fields, imports, names and file names are inert", () => {
  it("no page renders a payload as markup", async () => {
    const failures: string[] = [];
    let html = 0;
    let escapedSeen = 0;
    for (const { path, admin } of w.pages()) {
      const req = request(w.t.app).get(path);
      const res = admin ? await req.set("Cookie", w.admin.cookie) : await req;
      expect(res.status, path).toBeLessThan(500);
      if (!/html/.test(String(res.headers["content-type"]))) continue;
      html++;
      if (res.text.includes("&lt;script&gt;window.__xss=1&lt;/script&gt;")) escapedSeen++;
      const found = unescapedPayloads(res.text);
      if (found.length) failures.push(`${path}: ${found.join(" | ")}`);
    }
    expect(failures).toEqual([]);
    expect(html).toBeGreaterThan(40);
    // Not vacuous: the payloads did reach the pages, as text.
    expect(escapedSeen).toBeGreaterThan(10);
  });

  it("the report's JSON carries payloads as JSON strings, served as JSON (never HTML)", async () => {
    const res = await request(w.t.app).get("/reports/prova.json").set("Cookie", w.admin.cookie);
    // Built or still being prepared, the answer is JSON.
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
  });
});

describe("CSV injection: every CSV the app produces", () => {
  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const csvs: { what: string; text: string }[] = [];
    for (const key of Object.keys(ACCESS).filter((k) => k.startsWith("GET "))) {
      const path = w.urlOf(key.slice(4));
      const res = await download(w.t.app, w.admin, path);
      if (res.type.startsWith("text/csv")) csvs.push({ what: path, text: res.bytes.toString("utf8") });
      else
        expect(path.endsWith(".csv") && res.status === 200, `${path} is a CSV route but answered ${res.type}`).toBe(
          false,
        );
    }
    // The access codes CSV is a POST (the codes exist only in the page that generated them).
    const codes = createAccessCodes(w.t.db, "personale_prova", 3);
    const posted = await request(w.t.app)
      .post("/admin/questionari/personale_prova/codici/csv")
      .set("Cookie", w.admin.cookie)
      .set("Host", "=cmd|' /C calc'!A0")
      .type("form")
      .send(formBody({ _csrf: w.admin.csrf, codici: codes.join("") }));
    expect(posted.status).toBe(200);
    expect(String(posted.headers["content-type"])).toMatch(/^text\/csv/);
    csvs.push({ what: "codici/csv", text: posted.text });

    const routes = csvs.map((c) => c.what);
    expect(routes).toEqual(
      expect.arrayContaining([
        "/admin/questionari/prova/esporta.csv",
        "/admin/questionari/prova/codebook.csv",
        "codici/csv",
      ]),
    );
    const failures = csvs.flatMap(({ what, text }) =>
      formulaCells(text).map((cell) => `${what}: ${JSON.stringify(cell)}`),
    );
    expect(failures).toEqual([]);
    // Not vacuous: the export and the codebook did carry formula payloads, neutralised.
    const all = csvs.map((c) => c.text).join("\n");
    expect(all).toContain("'=HYPERLINK(");
    expect(countResponses(w.t.db, "prova")).toBe(24);
  });
});
