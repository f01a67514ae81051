import { describe, expect, it } from "vitest";
import request from "supertest";
import { publishSurveys, saveSettings } from "../../src/storage/sqlite-surveys.js";
import { purgeExpired } from "../../src/admin/retention.service.js";
import { createSession, findSession } from "../../src/storage/sqlite-sessions.js";
import { listUsers } from "../../src/storage/sqlite-users.js";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { openDatabase } from "../../src/db/client.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { findSurveyDraft } from "../../src/storage/sqlite-designer.js";
import { jsonDepth, MAX_DEFINITION_DEPTH } from "../../src/surveys/depth.js";
import { createTestApp, FIXTURE_SURVEYS, TEST_CONFIG } from "../helpers/app.js";
import { createUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { Respondent } from "../helpers/respondent.js";
import { createSqliteStorage } from "../../src/storage/sqlite.js";

/** A sent `prova` questionnaire; returns its token. */
export async function sentProva(app: ReturnType<typeof createTestApp>["app"]): Promise<string> {
  const r = new Respondent(app, "prova");
  await r.start();
  await r.answer({ eta: "18_44", quartiere: "centro" });
  await r.answer({ usati: "cie" });
  await r.answer({ "soddisfazione/cie": "9" });
  await r.answer({ "classifica/1": "cie", "classifica/2": "imu", orari: "sabato" });
  await r.answer({});
  await r.submitFromSummary();
  expect(r.path).toMatch(/grazie$/);
  return r.token;
}

describe("the end-of-service rating", () => {
  it("is stored once per questionnaire: repeated and parallel posts store nothing more", async () => {
    const t = createTestApp();
    const token = await sentProva(t.app);
    const rate = () =>
      request(t.app).post(`/r/${token}/valutazione`).type("form").send("rating=5&step=2&aspects=chiare&lang=it");
    expect((await rate()).status).toBe(200);
    const again = await Promise.all(Array.from({ length: 5 }, rate));
    expect(again.map((r) => r.status)).toEqual([409, 409, 409, 409, 409]);
    expect(again[0].text).toContain("Grazie");
    const rows = t.db.$client.prepare("SELECT COUNT(*) AS n FROM feedback").get() as { n: number };
    expect(rows.n).toBe(1);
  });
});

describe("PUBLIC_URL", () => {
  it("is validated at start: an http(s) origin, nothing else", () => {
    expect(loadConfig({ PUBLIC_URL: "https://questionari.comune.example.it/" }).publicUrl).toBe(
      "https://questionari.comune.example.it",
    );
    expect(loadConfig({}).publicUrl).toBeUndefined();
    for (const bad of [
      "questionari.example.it",
      "ftp://x.it",
      "https://x.it/percorso",
      "https://a:b@x.it",
      "https://x.it/?q=1",
      "javascript:alert(1)",
    ]) {
      expect(() => loadConfig({ PUBLIC_URL: bad }), bad).toThrow(/PUBLIC_URL/);
    }
  });

  it("is the origin of resume links, invitations and code slips, whatever Host the request carries", async () => {
    const db = openDatabase(":memory:");
    const surveys = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
    publishSurveys(db, surveys);
    const app = createApp({
      db,
      registry: createRegistry(surveys),
      config: { ...TEST_CONFIG, publicUrl: "https://questionari.comune.example.it" },
    });
    await createUser(db, "admin");
    const admin = await signIn(app, "admin");
    const r = new Respondent(app, "prova");
    await r.start();
    await r.answer({ eta: "18_44", quartiere: "centro" }, "save");
    const saved = await request(app).get(`/r/${r.token}/salvato`).set("Host", "evil.example");
    expect(saved.text).toContain(`https://questionari.comune.example.it/r/${r.token}/continua`);
    expect(saved.text).not.toContain("evil.example");
    const invite = await postAs(app, admin, "/admin/utenti/invito", { role: "giunta" }).set("Host", "evil.example");
    expect(invite.text).toMatch(/https:\/\/questionari\.comune\.example\.it\/attivazione\/[A-Za-z0-9_-]+/);
    expect(invite.text).not.toContain("evil.example");
    const generated = await postAs(app, admin, "/admin/questionari/personale_prova/codici", { count: "2" }).set(
      "Host",
      "evil.example",
    );
    expect(generated.status).toBe(200);
    const packed = /name="codici" value="([^"]+)"/.exec(generated.text)![1];
    for (const format of ["stampa", "csv"]) {
      const slips = await postAs(app, admin, `/admin/questionari/personale_prova/codici/${format}`, {
        codici: packed,
      }).set("Host", "evil.example");
      expect(slips.text).toContain("https://questionari.comune.example.it/s/personale_prova");
      expect(slips.text).not.toContain("evil.example");
    }
  });

  it("without it, a Host header that is not a host name is not copied into links", async () => {
    const t = createTestApp();
    const r = new Respondent(t.app, "prova");
    await r.start();
    await r.answer({ eta: "18_44", quartiere: "centro" }, "save");
    const saved = await request(t.app).get(`/r/${r.token}/salvato`).set("Host", "evil.example/<x>");
    expect(saved.status).toBe(200);
    expect(saved.text).toContain(`http://localhost/r/${r.token}/continua`);
    expect(saved.text).not.toContain("evil.example");
  });
});

describe("expired sessions", () => {
  it("are deleted by the hourly clean-up; live ones stay", async () => {
    const t = createTestApp();
    await createUser(t.db, "admin");
    const user = listUsers(t.db)[0];
    createSession(t.db, user.id, new Date("2026-03-01T08:00:00Z"));
    const live = createSession(t.db, user.id, new Date("2026-03-01T17:00:00Z"));
    const result = await purgeExpired(createSqliteStorage(t.db), new Date("2026-03-01T18:00:00Z"));
    expect(result.sessions).toBe(1);
    const rows = t.db.$client.prepare("SELECT COUNT(*) AS n FROM sessions").get() as { n: number };
    expect(rows.n).toBe(1);
    expect(findSession(t.db, live.id, new Date("2026-03-01T18:00:00Z"))).toBeDefined();
  });
});

describe("uploaded survey definitions", () => {
  it("conditions nested 2,000 deep get a 422 with a clear message, not a 500; nothing is stored", async () => {
    const t = createTestApp();
    await createUser(t.db, "admin");
    const admin = await signIn(t.app, "admin");
    const definition = structuredClone(t.registry.current("prova")!.definition) as unknown as {
      id: string;
      pages: { questions: { showIf?: unknown }[] }[];
    };
    definition.id = "profonda";
    const marker = '"__CONDIZIONE__"';
    definition.pages[0].questions[1].showIf = "__CONDIZIONE__";
    const deep = `${'{"not":'.repeat(2000)}{"question":"eta","answered":true}${"}".repeat(2000)}`;
    const json = JSON.stringify(definition).replace(marker, deep);
    const res = await postAs(t.app, admin, "/admin/designer/carica", { json });
    expect(res.status).toBe(422);
    expect(res.text).toContain("annidata troppo in profondità");
    expect(findSurveyDraft(t.db, "profonda")).toBeUndefined();
    // A few levels, as real questionnaires have, still pass the depth check.
    expect(jsonDepth(JSON.parse(JSON.stringify(t.registry.current("prova")!.definition)))).toBeLessThan(
      MAX_DEFINITION_DEPTH,
    );
    expect(jsonDepth(JSON.parse(deep), 100)).toBeGreaterThan(100);
  });
});

describe("reports of a survey still in draft", () => {
  it("are not found for the giunta; admins and analysts still read them; open again, the giunta reads them", async () => {
    const t = createTestApp();
    for (const role of ["admin", "analyst", "giunta"] as const) await createUser(t.db, role);
    const [admin, analyst, giunta] = [
      await signIn(t.app, "admin"),
      await signIn(t.app, "analyst"),
      await signIn(t.app, "giunta"),
    ];
    const paths = [
      "/reports/prova",
      "/reports/prova.json",
      "/reports/prova/rapporto.html",
      "/reports/prova/opendata.csv",
      "/reports/prova/opendata-dizionario.csv",
    ];
    saveSettings(t.db, "prova", { status: "draft" });
    for (const path of paths) {
      expect((await getAs(t.app, giunta, path)).status, path).toBe(404);
      expect((await getAs(t.app, admin, path)).status, path).not.toBe(404);
      expect((await getAs(t.app, analyst, path)).status, path).not.toBe(404);
    }
    saveSettings(t.db, "prova", { status: "open" });
    for (const path of paths) expect((await getAs(t.app, giunta, path)).status, path).not.toBe(404);
  });
});
