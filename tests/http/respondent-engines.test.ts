import pg from "pg";
import request from "supertest";
import { EXAMPLE_ENTE_FILE, enteSeed } from "../../src/ente/load.js";
import { saveEnteRow, saveStemma } from "../../src/storage/sqlite-ente.js";
import { afterEach, describe, expect, it } from "vitest";
import { hashCode } from "../../src/responses/codes.js";
import { createApp } from "../../src/app.js";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { createEngineTestApp, FIXTURE_SURVEYS, TEST_CONFIG, type EngineApp } from "../helpers/app.js";
import { ENGINES, HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";
import { Respondent, type Fields } from "../helpers/respondent.js";

/**
 * The respondent's path over real HTTP on both engines: the same app, once on SQLite and once on
 * a real PostgreSQL (the storage only, as `DATABASE_URL=postgres://… npm start` runs it).
 */
const server = usePostgres();
const PAGES: Fields[] = [
  { eta: "18_44", quartiere: "mombello" },
  { usati: ["cie"] },
  { "soddisfazione/cie": "9" },
  { "classifica/1": "cie", "classifica/2": "tari", orari: "sabato" },
  {},
];
const STAFF_PAGES = ["/admin/designer", "/admin/designer/prova", "/admin/cataloghi"];

describe.each(ENGINES)("the questionnaires on $name", ({ name, available }) => {
  let t: EngineApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const open = async (): Promise<EngineApp> => (t = await createEngineTestApp(name, () => server().createDatabase()));

  describe.skipIf(!available)("citizens, staff and kiosk", () => {
    it("lists the open surveys, starts one, walks its pages, sends it once and takes one rating", async () => {
      const { app, storage } = await open();
      const home = await request(app).get("/");
      expect(home.status).toBe(200);
      expect(home.text).toContain('href="/s/prova"');
      const r = new Respondent(app, "prova");
      await r.start();
      expect(r.status).toBe(200);
      expect(r.pageId).toBe("profilo");
      for (const page of PAGES) {
        await r.answer(page);
        expect(r.status, r.html.slice(0, 2000)).toBe(200);
      }
      expect(r.path).toMatch(/\/riepilogo$/);
      await r.submitFromSummary();
      expect(r.path).toMatch(/\/grazie$/);
      const sent = r.token;
      // A double submit (a second click, another tab): back to the thank-you page, nothing more stored.
      const again = await request(app).post(`/r/${sent}/invia`).type("form").send("lang=it");
      expect(again.status).toBe(303);
      expect(again.headers.location).toBe(`/r/${sent}/grazie`);
      const stored = await storage.responses.list("prova");
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ channel: "web", lang: "it", surveyVersion: 1 });
      expect(stored[0].answers).toMatchObject({
        eta: "18_44",
        quartiere: "mombello",
        usati: "cie",
        classifica: "cie tari",
      });
      expect((await storage.drafts.find(sent))?.submitted).toBe(true);
      const rate = (): request.Test =>
        request(app).post(`/r/${sent}/valutazione`).type("form").send("lang=it&rating=5&step=2&aspects=chiare");
      expect((await rate()).status).toBe(200);
      expect((await rate()).status).toBe(409);
    });

    it("saves a questionnaire half-way, resumes it by its code and sends it", async () => {
      const { app, storage } = await open();
      const r = new Respondent(app, "prova");
      await r.start();
      await r.answer(PAGES[0]);
      await r.answer(PAGES[1], "save");
      expect(r.path).toMatch(/\/salvato$/);
      const code = /class="resume-code"><strong>([0-9A-Z]{5}-[0-9A-Z]{5})</.exec(r.html)?.[1];
      expect(code).toBeDefined();
      const wrong = await request(app).post("/s/prova/resume").type("form").send("lang=it&resumeCode=AAAAA-AAAAA");
      expect(wrong.status).toBe(422);
      const resumed = new Respondent(app, "prova");
      await resumed.post("/s/prova/resume", { lang: "it", resumeCode: code!.toLowerCase() });
      expect(resumed.status).toBe(200);
      expect(resumed.token).toBe(r.token);
      expect(resumed.pageId).toBe("esperienza");
      for (const page of PAGES.slice(2)) await resumed.answer(page);
      await resumed.submitFromSummary();
      expect(resumed.path).toMatch(/\/grazie$/);
      expect(await storage.responses.count("prova")).toBe(1);
    });

    it("accepts an access code once: a wrong one is refused, a used one too, and of two racing sends one is stored", async () => {
      const { app, storage } = await open();
      const [code, raced] = await storage.accessCodes.create("personale_prova", 2);
      const wrong = new Respondent(app, "personale_prova", { code: "AAAAA-AAAAA" });
      await wrong.start();
      expect(wrong.status).toBe(422);
      const r = new Respondent(app, "personale_prova", { code: code.toLowerCase() });
      await r.start();
      expect(r.pageId).toBe("area");
      await r.answer({ area: "tributi" });
      await r.answer({ "gravita/tari": "4", "gravita/imu": "2" });
      await r.submitFromSummary();
      expect(r.path).toMatch(/\/grazie$/);
      expect((await storage.drafts.find(r.token))?.codeHash).toBeNull();
      const reused = new Respondent(app, "personale_prova", { code });
      await reused.start();
      expect(reused.status).toBe(422);

      const first = new Respondent(app, "personale_prova", { code: raced });
      const second = new Respondent(app, "personale_prova", { code: raced });
      for (const x of [first, second]) {
        await x.start();
        await x.answer({ area: "tributi" });
        await x.answer({ "gravita/tari": "3", "gravita/imu": "1" });
      }
      await Promise.all([first.submitFromSummary(), second.submitFromSummary()]);
      expect([first.status, second.status].sort((a, b) => a - b)).toEqual([200, 409]);
      expect((first.status === 409 ? first : second).html).toContain(
        "Il codice di accesso è stato usato nel frattempo",
      );
      expect(await storage.responses.count("personale_prova")).toBe(2);
      expect(await storage.accessCodes.countStates("personale_prova")).toEqual({
        total: 2,
        used: 2,
        revoked: 0,
        unused: 0,
      });
      expect(await storage.accessCodes.isUsable("personale_prova", hashCode(raced))).toBe(false);
    });

    it("runs the kiosk: no cache, channel kiosk, and a questionnaire given up is deleted at once", async () => {
      const { app, storage } = await open();
      const intro = await request(app).get("/kiosk/prova");
      expect(intro.status).toBe(200);
      expect(intro.headers["cache-control"]).toBe("no-store");
      const r = new Respondent(app, "prova");
      await r.post("/kiosk/prova/start", { lang: "it" });
      for (const page of PAGES) await r.answer(page);
      await r.submitFromSummary();
      expect(r.path).toMatch(/\/grazie$/);
      expect((await storage.responses.list("prova")).map((x) => x.channel)).toEqual(["kiosk"]);

      const quitter = new Respondent(app, "prova");
      await quitter.post("/kiosk/prova/start", { lang: "it" });
      await quitter.answer(PAGES[0]);
      const token = quitter.token;
      expect(await storage.drafts.find(token)).toBeDefined();
      const abandon = await request(app)
        .post(`/r/${token}/p/${quitter.pageId}`)
        .type("form")
        .send("lang=it&action=abandon");
      expect(abandon.status).toBe(303);
      expect(abandon.headers.location).toBe("/kiosk/prova");
      expect(await storage.drafts.find(token)).toBeUndefined();
    });

    it("shows the comune's stemma in the pages' header and serves it, with the favicon", async () => {
      const t = await open();
      const image = Buffer.from("89504e470d0a1a0a0000000d4948445200000001", "hex");
      const seed = enteSeed(EXAMPLE_ENTE_FILE);
      const at = new Date().toISOString();
      if (t.db) {
        saveEnteRow(t.db, seed.json, seed.example, "prova", new Date(at));
        saveStemma(t.db, image, "image/png", "prova", new Date(at));
      } else {
        const client = new pg.Client({ connectionString: t.url });
        await client.connect();
        await client.query(
          "INSERT INTO ente (id, json, example, stemma, stemma_type, updated_at, updated_by) VALUES (1, $1, $2, $3, 'image/png', $4, 'prova')",
          [seed.json, seed.example, image, at],
        );
        await client.end();
      }
      const page = await request(t.app).get("/s/prova");
      expect(page.text).toMatch(/<img class="icon stemma" src="\/ente\/stemma\?v=\d+"/);
      const stemma = await request(t.app).get("/ente/stemma");
      expect(stemma.status).toBe(200);
      expect(stemma.headers["content-type"]).toBe("image/png");
      expect(Buffer.compare(stemma.body as Buffer, image)).toBe(0);
      const favicon = await request(t.app).get("/favicon.ico");
      expect(favicon.status).toBe(302);
      expect(favicon.headers.location).toBe("/ente/stemma");
    });

    it("answers the health check from the engine it runs on", async () => {
      const { app } = await open();
      const health = await request(app).get("/healthz");
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ database: { reachable: true }, migrations: { ok: true } });
    });

    it("serves the sign-in form, refuses a sign-in posted without the form's token, sends the home to the sign-in, knows no unknown link", async () => {
      const { app } = await open();
      const form = await request(app).get("/login");
      expect(form.status).toBe(200);
      expect(form.text).toContain('name="username"');
      const login = await request(app).post("/login").type("form").send("username=a&password=b");
      expect(login.status).toBe(403);
      const home = await request(app).get("/admin");
      expect(home.status).toBe(303);
      expect(home.headers.location).toBe("/login?next=%2Fadmin");
      expect((await request(app).get("/attivazione/un-link-che-non-esiste")).status).toBe(404);
    });

    it("serves the designer and the catalogues (to staff only, as every staff area)", async () => {
      const { app } = await open();
      for (const path of STAFF_PAGES) {
        const res = await request(app).get(path);
        expect(res.status, path).toBe(303);
        expect(res.headers.location, path).toBe(`/login?next=${encodeURIComponent(path)}`);
      }
    });
  });
});

describe.skipIf(!HAS_POSTGRES)("two app nodes on one PostgreSQL", () => {
  it("start a questionnaire on one node, carry on and send it on the other: one response, one key for the links", async () => {
    const url = await server().createDatabase();
    const storages = [await openPostgresStorage(url, { max: 2 }), await openPostgresStorage(url, { max: 2 })];
    try {
      const surveys = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
      await storages[0].surveys.publish(surveys);
      const registry = createRegistry(surveys);
      const [a, b] = storages.map((storage) =>
        createApp({ storage, registry, config: TEST_CONFIG, counters: storage.counters }),
      );
      // The link made by node A (sealed with the installation's key) opens on node B; the pages alternate.
      const r = new Respondent(a, "prova");
      await r.start();
      const onB = new Respondent(b, "prova");
      let path = r.path;
      for (const [i, page] of PAGES.entries()) {
        const node = i % 2 ? r : onB;
        await node.get(path);
        expect(node.status).toBe(200);
        await node.answer(page);
        expect(node.status, node.html.slice(0, 1000)).toBe(200);
        path = node.path;
      }
      expect(path).toMatch(/\/riepilogo$/);
      await r.get(path);
      await onB.get(path);
      // Sent from both nodes at once: one response.
      await Promise.all([r.submitFromSummary(), onB.submitFromSummary()]);
      expect(r.path).toMatch(/\/grazie$/);
      expect(onB.path).toMatch(/\/grazie$/);
      expect(await storages[1].responses.count("prova")).toBe(1);
    } finally {
      for (const s of storages) await s.close();
    }
  });
});
