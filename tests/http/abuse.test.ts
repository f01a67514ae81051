import { describe, expect, it } from "vitest";
import request from "supertest";
import { publishSurveys } from "../../src/admin/definitions.repository.js";
import { createApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/client.js";
import { createAccessCodes } from "../../src/responses/access-codes.repository.js";
import { createDraft } from "../../src/responses/drafts.repository.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { DEFAULT_LIMITS, type AbuseLimits } from "../../src/web/abuse.js";
import { FIXTURE_SURVEYS, TEST_CONFIG } from "../helpers/app.js";
import { createUser, PASSWORD } from "../helpers/auth.js";
import { Respondent } from "../helpers/respondent.js";

/** The app with some limits lowered (the others stay at their production defaults). */
function appWith(limits: Partial<AbuseLimits> = {}, options: { trustProxy?: string; now?: () => Date } = {}) {
  const db = openDatabase(":memory:");
  const surveys = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
  publishSurveys(db, surveys);
  const registry = createRegistry(surveys);
  const app = createApp({ db, registry, config: { ...TEST_CONFIG, trustProxy: options.trustProxy }, limits, now: options.now });
  return { app, db, registry };
}

const start = (app: ReturnType<typeof appWith>["app"], path = "/s/prova/start", fields = "lang=it") => request(app).post(path).type("form").send(fields);

describe("limits on the public write routes, per client address", () => {
  it("are generous enough for a town hall: 60 new questionnaires per 10 minutes from one address, more on a kiosk", () => {
    expect(DEFAULT_LIMITS.starts).toEqual({ max: 60, minutes: 10 });
    expect(DEFAULT_LIMITS.kioskStarts.max).toBeGreaterThan(DEFAULT_LIMITS.starts.max);
    // One questionnaire is about 8 posts: the post limit lets every started one be finished.
    expect(DEFAULT_LIMITS.posts.max).toBeGreaterThanOrEqual(DEFAULT_LIMITS.kioskStarts.max * 4);
    expect(DEFAULT_LIMITS.maxOpenDrafts).toBe(50_000);
  });

  it("refuse the 61st start from one address with a 429 page in Italian or English; another address and the kiosk still start", async () => {
    const { app } = appWith({}, { trustProxy: "1" });
    for (let i = 0; i < 60; i++) expect((await start(app).set("X-Forwarded-For", "203.0.113.7")).status).toBe(303);
    const refused = await start(app).set("X-Forwarded-For", "203.0.113.7");
    expect(refused.status).toBe(429);
    expect(refused.headers["retry-after"]).toBe("600");
    expect(refused.text).toContain("Troppi tentativi");
    expect(refused.text).toContain("Attenda qualche minuto e riprovi");
    const english = await start(app, "/s/prova/start", "lang=en").set("X-Forwarded-For", "203.0.113.7");
    expect(english.status).toBe(429);
    expect(english.text).toContain("Please wait a few minutes");
    expect((await start(app).set("X-Forwarded-For", "203.0.113.8")).status).toBe(303);
    expect((await start(app, "/kiosk/prova/start").set("X-Forwarded-For", "203.0.113.7")).status).toBe(303);
  });

  it("limit page posts, sending and ratings", async () => {
    const { app } = appWith({ posts: { max: 3, minutes: 10 }, feedback: { max: 2, minutes: 10 } });
    const r = new Respondent(app, "prova");
    await r.start();
    for (let i = 0; i < 3; i++) expect((await request(app).post(`/r/${r.token}/p/profilo`).type("form").send("action=save")).status).toBe(303);
    expect((await request(app).post(`/r/${r.token}/p/profilo`).type("form").send("action=save")).status).toBe(429);
    expect((await request(app).post(`/r/${r.token}/invia`).type("form").send("lang=it")).status).toBe(429);
    for (let i = 0; i < 2; i++) expect((await request(app).post(`/r/${r.token}/valutazione`).type("form").send("rating=4")).status).not.toBe(429);
    expect((await request(app).post(`/r/${r.token}/valutazione`).type("form").send("rating=4")).status).toBe(429);
  });
});

describe("privacy of the limits", () => {
  it("client addresses are counted in memory only: nothing in the database holds one after a full questionnaire", async () => {
    const { app, db } = appWith({}, { trustProxy: "1" });
    const address = "203.0.113.99";
    const go = (path: string, body: string) => request(app).post(path).set("X-Forwarded-For", address).set("User-Agent", "Agente-Segreto/1.0").type("form").send(body);
    let at = (await go("/s/prova/start", "lang=it")).headers.location as string;
    const token = /\/r\/([^/?]+)/.exec(at)![1];
    for (const body of ["eta=18_44&quartiere=centro", "usati=cie", "soddisfazione%2Fcie=9", "classifica%2F1=cie&classifica%2F2=imu&orari=sabato", ""]) {
      at = (await go(at.split("?")[0], `${body}&action=next`)).headers.location as string;
    }
    expect((await go(`/r/${token}/invia`, "lang=it")).headers.location).toMatch(/grazie$/);
    await go("/s/prova/resume", "resumeCode=AAAAA-AAAAA");
    const tables = (db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    let rows = 0;
    for (const table of tables) {
      for (const row of db.$client.prepare(`SELECT * FROM "${table.replace(/"/g, "")}"`).all()) {
        rows++;
        const text = JSON.stringify(row);
        expect(text, table).not.toContain(address);
        expect(text, table).not.toContain("Agente-Segreto");
      }
    }
    expect(rows).toBeGreaterThan(5);
  });
});

describe("guessing codes", () => {
  it("10 wrong access codes from an address in 15 minutes, then even a right one is refused from there", async () => {
    const { app, db } = appWith();
    const [code] = createAccessCodes(db, "personale_prova", 1);
    for (let i = 0; i < 10; i++) {
      const res = await start(app, "/s/personale_prova/start", `lang=it&code=AAAAA-AAAA${i}`);
      expect(res.status).toBe(422);
    }
    const blocked = await start(app, "/s/personale_prova/start", `lang=it&code=${code}`);
    expect(blocked.status).toBe(429);
    // The kiosk entry shares the count: it is not a way around it.
    expect((await start(app, "/kiosk/personale_prova/start", `lang=it&code=${code}`)).status).toBe(429);
  });

  it("a right code after a few wrong ones is accepted (only failures count)", async () => {
    const { app, db } = appWith();
    const [code] = createAccessCodes(db, "personale_prova", 1);
    for (let i = 0; i < 9; i++) expect((await start(app, "/s/personale_prova/start", "lang=it&code=ZZZZZ-ZZZZZ")).status).toBe(422);
    expect((await start(app, "/s/personale_prova/start", `lang=it&code=${code}`)).status).toBe(303);
  });

  it("10 wrong resume codes from an address in 15 minutes, then resuming is refused from there", async () => {
    const { app, db } = appWith();
    const draft = createDraft(db, { surveyId: "prova", surveyVersion: 1, lang: "it", channel: "web", codeHash: null, days: 30 });
    for (let i = 0; i < 10; i++) expect((await start(app, "/s/prova/resume", `lang=it&resumeCode=AAAAA-AAAA${i}`)).status).toBe(422);
    expect((await start(app, "/s/prova/resume", `lang=it&resumeCode=${draft.resumeCode}`)).status).toBe(429);
  });
});

describe("bursts of parallel guesses", () => {
  it("30 wrong access codes sent at once: at most 10 are even checked, the rest refused", async () => {
    const { app } = appWith();
    const guesses = Array.from({ length: 30 }, (_, i) => start(app, "/s/personale_prova/start", `lang=it&code=BBBBB-BBB${String(i).padStart(2, "0")}`));
    const statuses = (await Promise.all(guesses)).map((r) => r.status);
    expect(statuses.filter((s) => s === 422).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
  });

  it("20 wrong passwords for one name sent at once: at most 5 are checked, then even the right one is refused", async () => {
    const { app, db } = appWith();
    await createUser(db, "admin");
    const login = (password: string) => request(app).post("/login").type("form").send(`username=admin&password=${encodeURIComponent(password)}`);
    const statuses = (await Promise.all(Array.from({ length: 20 }, (_, i) => login(`tentativo parallelo ${i}`)))).map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect((await login(PASSWORD)).status).toBe(429);
  });
});

describe("a flood of drafts", () => {
  it("can't open more than MAX_OPEN_DRAFTS per survey: the next start gets a polite 503 page until drafts expire", async () => {
    let clock = new Date("2026-03-01T10:00:00Z");
    const { app } = appWith({ maxOpenDrafts: 3 }, { now: () => clock });
    for (let i = 0; i < 3; i++) expect((await start(app)).status).toBe(303);
    const refused = await start(app);
    expect(refused.status).toBe(503);
    expect(refused.text).toContain("Servizio momentaneamente occupato");
    expect((await start(app, "/kiosk/prova/start")).status).toBe(503);
    // Expired drafts no longer count (and the hourly purge deletes them).
    clock = new Date(clock.getTime() + 31 * 86_400_000);
    expect((await start(app)).status).toBe(303);
  });

  it("a sent questionnaire no longer counts as open", async () => {
    const { app } = appWith({ maxOpenDrafts: 1 });
    const r = new Respondent(app, "prova");
    await r.start();
    expect((await start(app)).status).toBe(503);
    await r.answer({ eta: "18_44", quartiere: "centro" });
    await r.answer({ usati: "cie" });
    await r.answer({ "soddisfazione/cie": "9" });
    await r.answer({ "classifica/1": "cie", "classifica/2": "imu", orari: "sabato" });
    await r.answer({});
    await r.submitFromSummary();
    expect(r.path).toMatch(/grazie$/);
    expect((await start(app)).status).toBe(303);
  });
});
