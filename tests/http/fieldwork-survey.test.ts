import { beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { findSettings } from "../../src/storage/sqlite-surveys.js";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { recordResponse } from "../../src/storage/sqlite-submit.js";
import { createApp } from "../../src/app.js";
import { createTestApp, type TestApp, TEST_CONFIG } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { formBody, type Fields } from "../helpers/respondent.js";

const ANSWERS = {
  eta: "18_44",
  quartiere: "centro",
  usati: "cie",
  "soddisfazione/cie": "5",
  classifica: "cie tari",
  orari: "mattina",
};
const PAGE = "/admin/questionari/prova";

let t: TestApp;
let admin: { cookie: string; csrf: string };
let now = new Date("2026-03-10T10:00:00.000Z");

beforeEach(async () => {
  t = createTestApp();
  now = new Date("2026-03-10T10:00:00.000Z");
  // The same database and surveys, with a clock the test moves.
  t.app = createApp({ db: t.db, registry: t.registry, config: TEST_CONFIG, now: () => now });
  await createUser(t.db, "admin");
  await createUser(t.db, "giunta");
  admin = await signIn(t.app, "admin");
});

function store(channel: "web" | "kiosk" | "paper" | "import", submittedAt: string): void {
  const survey = t.registry.current("prova")!;
  const result = recordResponse(t.db, survey, ANSWERS, {
    channel,
    lang: "it",
    startedAt: submittedAt,
    submittedAt,
    enteredBy: channel === "paper" ? "admin" : undefined,
  });
  expect(result.ok).toBe(true);
}

function setState(fields: Fields) {
  return request(t.app)
    .post(`${PAGE}/stato`)
    .set("Cookie", admin.cookie)
    .type("form")
    .send(formBody({ ...fields, _csrf: admin.csrf }));
}

describe("the survey page", () => {
  it("shows title, version, state and live counts by channel and by day (Rome days), linked from the home page", async () => {
    store("web", "2026-03-10T09:00:00.000Z");
    store("kiosk", "2026-03-09T22:30:00.000Z"); // 23:30 in Rome on the 9th
    store("kiosk", "2026-03-09T23:30:00.000Z"); // 00:30 in Rome on the 10th
    store("paper", "2026-03-04T12:00:00.000Z");
    store("web", "2026-02-01T12:00:00.000Z"); // outside the last 7 days
    const home = await request(t.app).get("/admin").set("Cookie", admin.cookie);
    expect(home.text).toContain(`<a href="${PAGE}">Questionario di prova</a>`);

    const res = await request(t.app).get(PAGE).set("Cookie", admin.cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain("<h1>Questionario di prova</h1>");
    expect(res.text).toMatch(/<dt>Versione<\/dt><dd>1<\/dd>/);
    expect(res.text).toMatch(/<dt>Stato<\/dt><dd><strong>Aperto<\/strong><\/dd>/);
    const cell = (label: string): string =>
      new RegExp(`<th scope="row">${label}</th><td class="text-end">(\\d+)</td>`).exec(res.text)?.[1] ?? "";
    expect([cell("Web"), cell("Kiosk"), cell("Carta \\(inserite da operatore\\)"), cell("Importate da file")]).toEqual([
      "2",
      "2",
      "1",
      "0",
    ]);
    expect(res.text).toContain('<strong id="responses-total">5</strong>');
    const days = [
      ...res.text.matchAll(/<time datetime="([\d-]+)">[^<]*<\/time><\/th><td class="text-end">(\d+)<\/td>/g),
    ].map((m) => `${m[1]}=${m[2]}`);
    expect(days).toEqual([
      "2026-03-04=1",
      "2026-03-05=0",
      "2026-03-06=0",
      "2026-03-07=0",
      "2026-03-08=0",
      "2026-03-09=1",
      "2026-03-10=2",
    ]);
    // The admin's actions, with the anchors where the other parts add theirs.
    for (const href of [`${PAGE}/carta`, `${PAGE}/inserimento`, "/kiosk/prova", `${PAGE}/codici`])
      expect(res.text).toContain(`href="${href}"`);
    expect(res.text).toContain(`action="${PAGE}/stato"`);
  });

  it("shows the giunta the page without the actions it may not use", async () => {
    const giunta = await signIn(t.app, "giunta");
    const res = await request(t.app).get(PAGE).set("Cookie", giunta.cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain(`href="${PAGE}/carta"`);
    for (const hidden of [`${PAGE}/inserimento`, `${PAGE}/codici`, `${PAGE}/stato`])
      expect(res.text).not.toContain(hidden);
  });

  it("an unknown survey is not found", async () => {
    expect((await request(t.app).get("/admin/questionari/inesistente").set("Cookie", admin.cookie)).status).toBe(404);
  });
});

describe("the lifecycle", () => {
  it("stores Rome opening and closing times as UTC, and the public pages honour them as the clock moves", async () => {
    const res = await setState({ status: "open", opensAt: "2026-03-20T09:00", closesAt: "2026-07-31T18:00" });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${PAGE}?salvato=1`);
    // 09:00 in Rome in March is 08:00 UTC (CET); 18:00 in July is 16:00 UTC (CEST).
    expect(findSettings(t.db, "prova")).toMatchObject({
      status: "open",
      opensAt: "2026-03-20T08:00:00.000Z",
      closesAt: "2026-07-31T16:00:00.000Z",
    });
    const audit = listAudit(t.db).find((a) => a.action === "questionario.stato");
    expect(audit).toMatchObject({ username: "admin", target: "prova" });

    const page = await request(t.app).get(res.headers.location).set("Cookie", admin.cookie);
    expect(page.text).toContain("Impostazioni della raccolta salvate.");
    expect(page.text).toMatch(/<dt>Stato<\/dt><dd><strong>Programmato<\/strong>/);
    expect(page.text).toContain('value="2026-03-20T09:00"');
    expect(page.text).toContain("20 marzo 2026");
    expect((await request(t.app).get("/s/prova")).status).toBe(403);
    expect((await request(t.app).get("/kiosk/prova")).status).toBe(403);
    expect((await request(t.app).get("/")).text).not.toContain('href="/s/prova"');

    now = new Date("2026-03-20T08:00:00.000Z");
    expect((await request(t.app).get("/s/prova")).status).toBe(200);
    expect((await request(t.app).get("/")).text).toContain('href="/s/prova"');
    now = new Date("2026-07-31T16:00:00.000Z");
    expect((await request(t.app).get("/s/prova")).status).toBe(410);
    expect((await request(t.app).get(PAGE).set("Cookie", admin.cookie)).text).toMatch(/<strong>Chiuso<\/strong>/);
  });

  it("the home page shows the state the administrator set, not only the file's", async () => {
    await setState({ status: "closed" });
    const home = await request(t.app).get("/admin").set("Cookie", admin.cookie);
    expect(home.text).toMatch(
      /<a href="\/admin\/questionari\/prova">Questionario di prova<\/a>[\s\S]*?<td>1<\/td>\s*<td>Chiuso<\/td>/,
    );
  });

  it("draft hides the survey, closed shows the polite page, open with empty dates has no limits", async () => {
    expect((await setState({ status: "draft", opensAt: "", closesAt: "" })).status).toBe(303);
    expect((await request(t.app).get("/s/prova")).status).toBe(404);
    expect((await setState({ status: "closed" })).status).toBe(303);
    const closed = await request(t.app).get("/s/prova");
    expect(closed.status).toBe(410);
    expect(closed.text).toContain("Il questionario è chiuso");
    expect((await setState({ status: "open", opensAt: "", closesAt: "" })).status).toBe(303);
    expect(findSettings(t.db, "prova")).toMatchObject({ status: "open", opensAt: null, closesAt: null });
    expect((await request(t.app).get("/s/prova")).status).toBe(200);
  });

  it("refuses a closing before the opening, an impossible date or an unknown status, with clear messages, and saves nothing", async () => {
    const before = await setState({ status: "open", opensAt: "2026-04-01T09:00", closesAt: "2026-04-01T09:00" });
    expect(before.status).toBe(422);
    expect(before.text).toContain("La chiusura deve essere successiva all&#39;apertura.");
    expect(before.text).toContain('href="#f-closesAt"');
    expect(before.text).toContain('value="2026-04-01T09:00"');
    const impossible = await setState({ status: "open", opensAt: "2026-02-30T09:00" });
    expect(impossible.status).toBe(422);
    expect(impossible.text).toContain("Indichi una data e un&#39;ora di apertura valide");
    const status = await setState({ status: "sospeso" });
    expect(status.status).toBe(422);
    expect(status.text).toContain("Scelga lo stato del questionario.");
    expect(findSettings(t.db, "prova")).toBeUndefined();
    expect(listAudit(t.db).some((a) => a.action === "questionario.stato")).toBe(false);
  });
});
