import { describe, expect, it } from "vitest";
import request from "supertest";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { createApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/client.js";
import { createAccessCodes } from "../../src/storage/sqlite-access-codes.js";
import { countOpenDrafts, createDraft, findDraft, saveDraft } from "../../src/storage/sqlite-drafts.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { DEFAULT_LIMITS, type AbuseLimits } from "../../src/web/respondent/abuse.js";
import { FIXTURE_SURVEYS, TEST_CONFIG } from "../helpers/app.js";
import { createUser, getAs, PASSWORD, postAs, postLogin, signIn } from "../helpers/auth.js";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { Respondent } from "../helpers/respondent.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";

/** The app with some limits lowered (the others stay at their production defaults). */
function appWith(limits: Partial<AbuseLimits> = {}, options: { trustProxy?: string; now?: () => Date } = {}) {
  const db = openDatabase(":memory:");
  const surveys = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
  publishSurveys(db, surveys);
  const registry = createRegistry(surveys);
  const app = createApp({
    db,
    registry,
    config: { ...TEST_CONFIG, trustProxy: options.trustProxy },
    limits,
    now: options.now,
  });
  return { app, db, registry };
}

const start = (app: ReturnType<typeof appWith>["app"], path = "/s/prova/start", fields = "lang=it") =>
  request(app).post(path).type("form").send(fields);

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
    for (let i = 0; i < 3; i++)
      expect((await request(app).post(`/r/${r.token}/p/profilo`).type("form").send("action=save")).status).toBe(303);
    expect((await request(app).post(`/r/${r.token}/p/profilo`).type("form").send("action=save")).status).toBe(429);
    expect((await request(app).post(`/r/${r.token}/invia`).type("form").send("lang=it")).status).toBe(429);
    for (let i = 0; i < 2; i++)
      expect((await request(app).post(`/r/${r.token}/valutazione`).type("form").send("rating=4")).status).not.toBe(429);
    expect((await request(app).post(`/r/${r.token}/valutazione`).type("form").send("rating=4")).status).toBe(429);
  });
});

describe("privacy of the limits", () => {
  it("client addresses are counted in memory only: nothing in the database holds one after a full questionnaire", async () => {
    const { app, db } = appWith({}, { trustProxy: "1" });
    const address = "203.0.113.99";
    const go = (path: string, body: string) =>
      request(app)
        .post(path)
        .set("X-Forwarded-For", address)
        .set("User-Agent", "Agente-Segreto/1.0")
        .type("form")
        .send(body);
    let at = (await go("/s/prova/start", "lang=it")).headers.location;
    const token = /\/r\/([^/?]+)/.exec(at)![1];
    for (const body of [
      "eta=18_44&quartiere=centro",
      "usati=cie",
      "soddisfazione%2Fcie=9",
      "classifica%2F1=cie&classifica%2F2=imu&orari=sabato",
      "",
    ]) {
      at = (await go(at.split("?")[0], `${body}&action=next`)).headers.location;
    }
    expect((await go(`/r/${token}/invia`, "lang=it")).headers.location).toMatch(/grazie$/);
    await go("/s/prova/resume", "resumeCode=AAAAA-AAAAA");
    const tables = (
      db.$client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name);
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
    for (let i = 0; i < 9; i++)
      expect((await start(app, "/s/personale_prova/start", "lang=it&code=ZZZZZ-ZZZZZ")).status).toBe(422);
    expect((await start(app, "/s/personale_prova/start", `lang=it&code=${code}`)).status).toBe(303);
  });

  it("10 wrong resume codes from an address in 15 minutes, then resuming is refused from there", async () => {
    const { app, db } = appWith();
    const draft = createDraft(db, {
      surveyId: "prova",
      surveyVersion: 1,
      lang: "it",
      channel: "web",
      codeHash: null,
      days: 30,
    });
    for (let i = 0; i < 10; i++)
      expect((await start(app, "/s/prova/resume", `lang=it&resumeCode=AAAAA-AAAA${i}`)).status).toBe(422);
    expect((await start(app, "/s/prova/resume", `lang=it&resumeCode=${draft.resumeCode}`)).status).toBe(429);
  });
});

describe("bursts of parallel guesses", () => {
  it("30 wrong access codes sent at once: at most 10 are even checked, the rest refused", async () => {
    const { app } = appWith();
    const guesses = Array.from({ length: 30 }, (_, i) =>
      start(app, "/s/personale_prova/start", `lang=it&code=BBBBB-BBB${String(i).padStart(2, "0")}`),
    );
    const statuses = (await Promise.all(guesses)).map((r) => r.status);
    expect(statuses.filter((s) => s === 422).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
  });

  it("20 wrong passwords for one name sent at once: at most 5 are checked, then even the right one is refused", async () => {
    const { app, db } = appWith();
    await createUser(db, "admin");
    const login = (password: string) => postLogin(app, { username: "admin", password });
    const statuses = (await Promise.all(Array.from({ length: 20 }, (_, i) => login(`tentativo parallelo ${i}`)))).map(
      (r) => r.status,
    );
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect((await login(PASSWORD)).status).toBe(429);
  });
});

describe("a flood of drafts", () => {
  const firstPage = (app: ReturnType<typeof appWith>["app"], location: string, ip = "203.0.113.7") =>
    request(app)
      .post(location.split("?")[0])
      .set("X-Forwarded-For", ip)
      .type("form")
      .send("eta=18_44&quartiere=centro&action=next");
  const startFrom = (app: ReturnType<typeof appWith>["app"], ip: string, path = "/s/prova/start") =>
    start(app, path).set("X-Forwarded-For", ip);

  it("starting stores nothing: a thousand starts leave the drafts table empty and the cap untouched", async () => {
    const { app, db } = appWith({ maxOpenDrafts: 3 }, { trustProxy: "1" });
    for (let i = 0; i < 50; i++) expect((await startFrom(app, `198.51.100.${i}`)).status).toBe(303);
    for (let i = 0; i < 50; i++)
      expect((await startFrom(app, `198.51.100.${i}`, "/kiosk/prova/start")).status).toBe(303);
    expect(countOpenDrafts(db, "prova")).toBe(0);
    // A citizen still gets in and is stored with the first answers.
    const r = new Respondent(app, "prova");
    await r.start();
    await r.answer({ eta: "18_44", quartiere: "centro" });
    expect(r.pageId).toBe("servizi");
    expect(countOpenDrafts(db, "prova")).toBe(1);
  });

  it("can't hold more than MAX_OPEN_DRAFTS drafts with answers: the next gets a polite 503 page until drafts expire", async () => {
    let clock = new Date("2026-03-01T10:00:00Z");
    const { app } = appWith({ maxOpenDrafts: 3 }, { now: () => clock, trustProxy: "1" });
    // Started while there was room; its first page comes after the cap was reached.
    const at = (await startFrom(app, "198.51.100.9")).headers.location;
    for (let i = 0; i < 3; i++) {
      const location = (await startFrom(app, `198.51.100.${i}`)).headers.location;
      expect((await firstPage(app, location, `198.51.100.${i}`)).status).toBe(303);
    }
    const refused = await firstPage(app, at, "198.51.100.9");
    expect(refused.status).toBe(503);
    expect(refused.text).toContain("Servizio momentaneamente occupato");
    expect((await startFrom(app, "198.51.100.9")).status).toBe(503);
    expect((await startFrom(app, "198.51.100.9", "/kiosk/prova/start")).status).toBe(503);
    // Expired drafts no longer count (and the hourly purge deletes them).
    clock = new Date(clock.getTime() + 31 * 86_400_000);
    expect((await startFrom(app, "198.51.100.9")).status).toBe(303);
  });

  it("one client can fill only its share of the cap; IPv6 addresses of one /64 count as one client", async () => {
    const { app, db } = appWith({ maxOpenDrafts: 100, draftShare: 0.05 }, { trustProxy: "1" });
    for (let i = 0; i < 5; i++) {
      const ip = `2001:db8:1:2::${i + 1}`;
      expect((await firstPage(app, (await startFrom(app, ip)).headers.location, ip)).status).toBe(303);
    }
    const ip = "2001:db8:1:2:ffff:ffff:ffff:fffe";
    const refused = await firstPage(app, (await startFrom(app, ip)).headers.location, ip);
    expect(refused.status).toBe(429);
    expect(countOpenDrafts(db, "prova")).toBe(5);
    // Another /64 (another household) and an IPv4 client are not affected.
    for (const other of ["2001:db8:1:3::1", "203.0.113.50"]) {
      expect((await firstPage(app, (await startFrom(app, other)).headers.location, other)).status).toBe(303);
    }
    // A refused first page (invalid answers) doesn't use up the share.
    const { app: app2 } = appWith({ maxOpenDrafts: 20, draftShare: 0.05 }, { trustProxy: "1" });
    for (let i = 0; i < 3; i++) {
      const at = (await startFrom(app2, "203.0.113.60")).headers.location;
      expect(
        (
          await request(app2)
            .post(at.split("?")[0])
            .set("X-Forwarded-For", "203.0.113.60")
            .type("form")
            .send("eta=zzz&action=next")
        ).status,
      ).toBe(422);
    }
    expect(
      (await firstPage(app2, (await startFrom(app2, "203.0.113.60")).headers.location, "203.0.113.60")).status,
    ).toBe(303);
  });

  it("only open drafts take a client's share: a town hall sending questionnaire after questionnaire is never refused; kiosk drafts count over their two hours", async () => {
    let clock = new Date("2026-03-02T09:00:00Z");
    const { app, db } = appWith({ maxOpenDrafts: 100, draftShare: 0.03 }, { trustProxy: "1", now: () => clock });
    const ip = "198.51.100.77";
    const pages = [
      "eta=18_44&quartiere=centro",
      "usati=cie",
      "soddisfazione%2Fcie=9",
      "classifica%2F1=cie&classifica%2F2=imu&orari=sabato",
      "",
    ];
    for (let i = 0; i < 8; i++) {
      let at = (await startFrom(app, ip)).headers.location;
      for (const body of pages)
        at = (
          await request(app).post(at.split("?")[0]).set("X-Forwarded-For", ip).type("form").send(`${body}&action=next`)
        ).headers.location;
      const token = /\/r\/([^/?]+)/.exec(at)![1];
      expect(
        (await request(app).post(`/r/${token}/invia`).set("X-Forwarded-For", ip).type("form").send("lang=it")).headers
          .location,
        `questionnaire ${i + 1}`,
      ).toMatch(/grazie$/);
    }
    expect(listResponses(db, "prova")).toHaveLength(8);
    // Kiosk questionnaires left half-way: three fill the share (3 % of 100), two hours later they no longer count.
    for (let i = 0; i < 3; i++)
      expect((await firstPage(app, (await startFrom(app, ip, "/kiosk/prova/start")).headers.location, ip)).status).toBe(
        303,
      );
    expect((await firstPage(app, (await startFrom(app, ip, "/kiosk/prova/start")).headers.location, ip)).status).toBe(
      429,
    );
    clock = new Date(clock.getTime() + 2 * 3_600_000 + 60_000);
    expect((await firstPage(app, (await startFrom(app, ip, "/kiosk/prova/start")).headers.location, ip)).status).toBe(
      303,
    );
  });

  it("at the cap the oldest drafts without answers make room; drafts with answers are never pushed out", async () => {
    let clock = new Date("2026-03-01T10:00:00Z");
    const { app, db } = appWith({ maxOpenDrafts: 3 }, { now: () => clock, trustProxy: "1" });
    const oldEmpty = createDraft(
      db,
      { surveyId: "prova", surveyVersion: 1, lang: "it", channel: "web", codeHash: null, days: 30 },
      clock,
    );
    clock = new Date(clock.getTime() + 60_000);
    const newerEmpty = createDraft(
      db,
      { surveyId: "prova", surveyVersion: 1, lang: "it", channel: "web", codeHash: null, days: 30 },
      clock,
    );
    const withAnswers = createDraft(
      db,
      { surveyId: "prova", surveyVersion: 1, lang: "it", channel: "web", codeHash: null, days: 30 },
      clock,
    );
    saveDraft(db, withAnswers.token, { eta: "18_44" }, "it", clock);
    expect((await firstPage(app, (await startFrom(app, "203.0.113.70")).headers.location, "203.0.113.70")).status).toBe(
      303,
    );
    expect(findDraft(db, oldEmpty.token)).toBeUndefined();
    expect(findDraft(db, newerEmpty.token)).toBeDefined();
    expect((await firstPage(app, (await startFrom(app, "203.0.113.71")).headers.location, "203.0.113.71")).status).toBe(
      303,
    );
    expect(findDraft(db, newerEmpty.token)).toBeUndefined();
    expect(findDraft(db, withAnswers.token)?.answers).toEqual({ eta: "18_44" });
    expect((await startFrom(app, "203.0.113.72")).status).toBe(503);
  });

  it("a sent questionnaire no longer counts as open", async () => {
    const { app } = appWith({ maxOpenDrafts: 1 });
    const r = new Respondent(app, "prova");
    await r.start();
    await r.answer({ eta: "18_44", quartiere: "centro" });
    expect((await start(app)).status).toBe(503);
    await r.answer({ usati: "cie" });
    await r.answer({ "soddisfazione/cie": "9" });
    await r.answer({ "classifica/1": "cie", "classifica/2": "imu", orari: "sabato" });
    await r.answer({});
    await r.submitFromSummary();
    expect(r.path).toMatch(/grazie$/);
    expect((await start(app)).status).toBe(303);
  });

  it("a forged or altered pending link is not found, and a double post of the first page stores one draft", async () => {
    const { app, db } = appWith();
    const at = (await start(app)).headers.location;
    const [id, sealed] = /\/r\/([^/]+)\//.exec(at)![1].split(".");
    // The second-to-last character always carries six bits of the tag (the last may carry padding).
    const flipped = sealed.at(-2) === "A" ? "B" : "A";
    const altered = `/r/${id}.${sealed.slice(0, -2)}${flipped}${sealed.slice(-1)}/p/profilo`;
    expect((await request(app).get(altered)).status).toBe(404);
    expect((await request(app).get(`/r/${"x".repeat(32)}.${sealed}/p/profilo`)).status).toBe(404);
    const [a, b] = await Promise.all([firstPage(app, at), firstPage(app, at)]);
    expect([a.status, b.status]).toEqual([303, 303]);
    expect(countOpenDrafts(db, "prova")).toBe(1);
    // The pending link now leads to the stored draft.
    const again = await request(app).get(at);
    expect(again.status).toBe(303);
    expect(again.headers.location).toBe(`/r/${id}/p/profilo`);
  });
});

describe("the administrator and the open drafts", () => {
  it("sees how many questionnaires are open and how many hold no answer, and can delete those (audited)", async () => {
    const { app, db } = appWith();
    await createUser(db, "admin");
    await createUser(db, "analyst");
    for (let i = 0; i < 3; i++)
      createDraft(db, { surveyId: "prova", surveyVersion: 1, lang: "it", channel: "web", codeHash: null, days: 30 });
    const kept = createDraft(db, {
      surveyId: "prova",
      surveyVersion: 1,
      lang: "it",
      channel: "web",
      codeHash: null,
      days: 30,
    });
    saveDraft(db, kept.token, { eta: "18_44" }, "it");
    const admin = await signIn(app, "admin");
    const page = await getAs(app, admin, "/admin/questionari/prova");
    expect(page.text).toMatch(/id="open-drafts">4</);
    expect(page.text).toMatch(/id="empty-drafts">3</);
    expect(page.text).toContain("Elimina i questionari iniziati senza risposte");
    const analyst = await signIn(app, "analyst");
    expect((await getAs(app, analyst, "/admin/questionari/prova")).text).not.toContain(
      "Elimina i questionari iniziati senza risposte",
    );
    expect((await postAs(app, analyst, "/admin/questionari/prova/bozze-vuote/elimina", {})).status).toBe(403);
    const purged = await postAs(app, admin, "/admin/questionari/prova/bozze-vuote/elimina", {});
    expect(purged.status).toBe(303);
    expect((await getAs(app, admin, purged.headers.location)).text).toContain(
      "Eliminati 3 questionari iniziati senza risposte",
    );
    expect(countOpenDrafts(db, "prova")).toBe(1);
    expect(findDraft(db, kept.token)?.answers).toEqual({ eta: "18_44" });
    expect(listAudit(db).find((e) => e.action === "bozze.vuote.eliminate")).toMatchObject({
      username: "admin",
      target: "prova",
      details: "3 eliminate",
    });
  });
});

describe("an abandoned kiosk questionnaire", () => {
  it("can't be reopened from the tablet's history once left alone for 20 minutes", async () => {
    let clock = new Date("2026-03-02T09:00:00Z");
    const { app } = appWith({}, { now: () => clock });
    const at = (await start(app, "/kiosk/prova/start")).headers.location;
    const next = await request(app).post(at.split("?")[0]).type("form").send("eta=18_44&quartiere=centro&action=next");
    const page = next.headers.location;
    clock = new Date(clock.getTime() + 19 * 60_000);
    expect((await request(app).get(page)).status).toBe(200);
    expect((await request(app).get(at)).status).toBe(303);
    clock = new Date(clock.getTime() + 2 * 60_000);
    for (const path of [page, at, page.replace(/\/p\/.*/, "/riepilogo")]) {
      const res = await request(app).get(path);
      expect(res.status).toBe(410);
      expect(res.text).toContain("senza attività per più di 20 minuti");
    }
  });
});

describe("giving up a kiosk questionnaire", () => {
  it("«Annulla e ricomincia» deletes the draft at once and goes back to the kiosk start; the old pages are gone", async () => {
    const { app, db } = appWith();
    const at = (await start(app, "/kiosk/prova/start")).headers.location;
    const first = await request(app).get(at);
    expect(first.text).toContain('value="abandon"');
    expect(first.text).toContain("Annulla e ricomincia");
    expect(first.text).toContain('data-kiosk-idle data-kiosk-seconds="180"');
    expect(first.text).toContain("/static/js/kiosk.js");
    const page = (await request(app).post(at.split("?")[0]).type("form").send("eta=18_44&quartiere=centro&action=next"))
      .headers.location;
    const token = /\/r\/([^/?]+)/.exec(page)![1];
    expect(findDraft(db, token)).toBeDefined();
    const gone = await request(app).post(page.split("?")[0]).type("form").send("action=abandon&lang=it");
    expect(gone.status).toBe(303);
    expect(gone.headers.location).toBe("/kiosk/prova");
    expect(findDraft(db, token)).toBeUndefined();
    expect((await request(app).get(page)).status).toBe(404);
    // On the web there is no such button, and «abandon» deletes nothing.
    const r = new Respondent(app, "prova");
    await r.start();
    await r.answer({ eta: "18_44", quartiere: "centro" });
    expect(r.html).not.toContain('value="abandon"');
    await request(app).post(`/r/${r.token}/p/servizi`).type("form").send("action=abandon");
    expect(findDraft(db, r.token)).toBeDefined();
  });
});
