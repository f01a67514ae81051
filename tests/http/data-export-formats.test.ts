import JSZip from "jszip";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { insertResponse } from "../../src/storage/sqlite-responses.js";
import { createTestApp, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { download } from "../helpers/data.js";
import { syntheticSample } from "../report/fixtures.js";

let t: TestApp;
let analyst: { cookie: string; csrf: string };
let total = 0;
let paper = 0;

beforeAll(async () => {
  t = createTestApp(SHIPPED_SURVEYS);
  const { citizens } = syntheticSample(120, 0, 5);
  total = citizens.length;
  paper = citizens.filter((r) => r.channel === "paper").length;
  t.db.transaction((tx) => {
    for (const r of citizens) insertResponse(tx, r);
  });
  await createUser(t.db, "analyst");
  analyst = await signIn(t.app, "analyst");
});

const BASE = "/admin/questionari/cittadini/esporta";

describe("the analysts' formats from the data page", () => {
  it("SPSS comes as a zip of the data and the syntax, with the CSV's filters, and is audited", async () => {
    const res = await download(t.app, analyst, `${BASE}?formato=spss&canale=paper`);
    expect(res.status).toBe(200);
    expect(res.type).toContain("application/zip");
    expect(res.disposition).toContain("cittadini-spss.zip");
    const zip = await JSZip.loadAsync(res.bytes);
    expect(Object.keys(zip.files).sort()).toEqual(["cittadini.sps", "dati.csv"]);
    const rows = (await zip.file("dati.csv")!.async("string")).trim().split("\n");
    expect(paper).toBeGreaterThan(0);
    expect(rows.length - 1).toBe(paper);
    expect(
      listAudit(t.db).some(
        (a) =>
          a.action === "risposte.esportate" &&
          a.username === "analyst" &&
          /formato spss \(filtri: canale=paper\)/.test(a.details ?? ""),
      ),
    ).toBe(true);
  });

  it("R, Stata and the Data Package come as zips; Excel and the Italian CSV as one file", async () => {
    for (const [format, file] of [
      ["r", "cittadini.R"],
      ["stata", "cittadini.do"],
      ["datapackage", "datapackage.json"],
    ]) {
      const res = await download(t.app, analyst, `${BASE}?formato=${format}`);
      expect(res.status).toBe(200);
      const zip = await JSZip.loadAsync(res.bytes);
      expect(zip.file(file)).not.toBeNull();
      expect((await zip.file("dati.csv")!.async("string")).trim().split("\n").length - 1).toBe(total);
    }
    const xlsx = await download(t.app, analyst, `${BASE}?formato=xlsx`);
    expect(xlsx.type).toContain("spreadsheetml");
    expect(xlsx.bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    const it = await download(t.app, analyst, `${BASE}?formato=csv-it`);
    expect(it.bytes.toString("utf8").startsWith("\uFEFFresponse_id;survey_version;channel;submitted_at;")).toBe(true);
  });

  it("the plain CSV, and a filter with a problem, go to the CSV route", async () => {
    const plain = await request(t.app).get(`${BASE}?formato=csv&canale=paper`).set("Cookie", analyst.cookie);
    expect(plain.status).toBe(303);
    expect(plain.headers.location).toBe("/admin/questionari/cittadini/esporta.csv?canale=paper");
    const bad = await request(t.app).get(`${BASE}?formato=xlsx&dal=ieri`).set("Cookie", analyst.cookie);
    expect(bad.status).toBe(303);
    const shown = await request(t.app).get(bad.headers.location).set("Cookie", analyst.cookie);
    expect(shown.status).toBe(422);
  });
});
