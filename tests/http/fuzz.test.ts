import { describe, expect, it } from "vitest";
import request from "supertest";
import { listUsers } from "../../src/storage/sqlite-users.js";
import type { Database } from "../../src/db/client.js";
import { createPaperEntry } from "../../src/storage/sqlite-paper-entries.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { countOpenDrafts, findDraft } from "../../src/storage/sqlite-drafts.js";
import type { SurveyRegistry } from "../../src/surveys/registry.js";
import { validateAnswers } from "../../src/surveys/validate.js";
import { ACCESS } from "../../src/web/common/access.js";
import { createTestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { Respondent } from "../helpers/respondent.js";
import { recordSample, SAMPLE_ANSWERS } from "../helpers/responses.js";

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  "eta",
  "quartiere",
  "quartiere/other",
  "figli",
  "scuola",
  "usati",
  "usati/other",
  "soddisfazione/cie",
  "soddisfazione/tari",
  "uffici/cie",
  "classifica/1",
  "classifica/2",
  "classifica/3",
  "importanza",
  "orari",
  "ultima_visita",
  "nome_ufficio",
  "giudizio",
  "commento",
  "action",
  "lang",
  "ritorno",
  "rating",
  "step",
  "aspects",
  "comment",
  "code",
  "resumeCode",
  "__proto__",
  "constructor",
  "toString",
  "a[b]",
  "x[0]",
  "",
];
const VALUES = [
  "",
  "18_44",
  "45_64",
  "other",
  "cie",
  "tari",
  "non_so",
  "1",
  "10",
  "11",
  "-1",
  "3,5",
  "1e309",
  "NaN",
  "2025-02-30",
  "2025-03-31",
  "next",
  "back",
  "save",
  "riepilogo",
  "en",
  "xx",
  "\u0000",
  "\uFFFF",
  "\uD800",
  "😀".repeat(300),
  "<script>alert(1)</script>",
  "' OR 1=1 --",
  "%",
  "%ZZ",
  "a".repeat(5000),
];

function randomBody(rand: () => number): string {
  const parts: string[] = [];
  const n = Math.floor(rand() * 12);
  for (let i = 0; i < n; i++) {
    const key = KEYS[Math.floor(rand() * KEYS.length)];
    const value = VALUES[Math.floor(rand() * VALUES.length)];
    // Sometimes raw, possibly malformed, percent-encoding; usually well-formed.
    parts.push(
      rand() < 0.1
        ? `${key}=${value}`
        : `${encodeURIComponent(key)}=${encodeURIComponent(value.replace(/\uD800/g, "x"))}`,
    );
  }
  return parts.join("&");
}

const CONTENT_TYPES = [
  "application/x-www-form-urlencoded",
  "application/json",
  "text/plain",
  "multipart/form-data; boundary=x",
  "application/x-www-form-urlencoded; charset=latin1",
];

describe("random and malformed bodies", () => {
  it("never get a 5xx, and never leave a response or a draft that breaks the rules", async () => {
    const t = createTestApp();
    const r = new Respondent(t.app, "prova");
    await r.start();
    // The draft is stored with the first answers (starting stores nothing).
    await r.answer({ eta: "18_44", quartiere: "centro" });
    const token = r.token;
    const paths = [
      "/s/prova/start",
      "/s/prova/resume",
      "/s/personale_prova/start",
      `/r/${token}/p/profilo`,
      `/r/${token}/p/servizi`,
      `/r/${token}/p/esperienza`,
      `/r/${token}/p/priorita`,
      `/r/${token}/p/altro`,
      `/r/${token}/invia`,
      `/r/${token}/valutazione`,
      "/r/x/p/profilo",
      "/s/prova",
    ];
    const rand = prng(20261127);
    const failures: string[] = [];
    for (let i = 0; i < 600; i++) {
      const path = paths[Math.floor(rand() * paths.length)];
      const type = CONTENT_TYPES[Math.floor(rand() * CONTENT_TYPES.length)];
      const body =
        type === "application/json" ? JSON.stringify({ eta: [1, { a: 2 }], usati: { $gt: "" } }) : randomBody(rand);
      const res = await request(t.app).post(path).set("Content-Type", type).send(body);
      // A 4xx must still be a proper page, never a stack trace.
      if (res.status >= 500 || /<pre>|at .*\.js:\d+/.test(res.text))
        failures.push(`${res.status} POST ${path} ${type} ${body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);

    const draft = findDraft(t.db, token)!;
    for (const [key, value] of Object.entries(draft.answers)) expect(typeof value, key).toBe("string");
    expectNothingHalfStored(t.db, t.registry);
  });

  it("refuses a body over the size limit with a 413 page and stores nothing", async () => {
    const t = createTestApp();
    const r = new Respondent(t.app, "prova");
    await r.start();
    const res = await request(t.app)
      .post(`/r/${r.token}/p/profilo`)
      .type("form")
      .send(`commento=${"a".repeat(200_000)}`);
    expect(res.status).toBe(413);
    expect(res.text).toContain("I dati inviati sono troppi.");
    // Starting stores nothing, and a refused first page doesn't either.
    expect(countOpenDrafts(t.db, "prova")).toBe(0);
  });

  it("refuses too many fields with a 4xx page", async () => {
    const t = createTestApp();
    const r = new Respondent(t.app, "prova");
    await r.start();
    const body = Array.from({ length: 1500 }, (_, i) => `f${i}=1`).join("&");
    const res = await request(t.app).post(`/r/${r.token}/p/profilo`).type("form").send(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});

/**
 * Nothing half-stored: every response has its answers as a readable, non-empty JSON object, and every
 * response is whole by the rules of the version it names.
 */
function expectNothingHalfStored(db: Database, registry: SurveyRegistry): void {
  const one = (sql: string) => (db.$client.prepare(sql).get() as { n: number }).n;
  expect(
    one("SELECT count(*) AS n FROM responses WHERE NOT json_valid(answers) OR json_type(answers) <> 'object'"),
    "unreadable answers",
  ).toBe(0);
  expect(one("SELECT count(*) AS n FROM responses WHERE answers = '{}'"), "responses without answers").toBe(0);
  for (const surveyId of ["prova", "personale_prova"]) {
    const versions = new Map(listResponses(db, surveyId).map((r) => [r.id, r]));
    for (const response of versions.values()) {
      const survey = registry.version(surveyId, response.surveyVersion)!;
      const checked = validateAnswers(survey, response.answers, "it");
      expect(checked.ok, `${surveyId} ${response.id}`).toBe(true);
      if (checked.ok) expect(checked.answers).toEqual(response.answers);
    }
  }
}

describe("random bodies on every administrative form, signed in as an admin", () => {
  it("never get a 5xx or a stack trace, and leave nothing half-stored", { timeout: 60_000 }, async () => {
    const t = createTestApp();
    await createUser(t.db, "admin");
    await createUser(t.db, "giunta");
    const admin = await signIn(t.app, "admin");
    SAMPLE_ANSWERS.forEach((answers, i) =>
      recordSample(t.db, t.registry, answers, { submittedAt: `2026-03-0${i + 1}T10:00:00.000Z` }),
    );
    const responseId = listResponses(t.db, "prova")[0].id;
    const entryId = createPaperEntry(t.db, {
      surveyId: "prova",
      surveyVersion: 1,
      answers: { eta: "18_44" },
      enteredBy: "admin",
    }).id;
    const userId = String(listUsers(t.db).find((u) => u.username === "giunta")!.id);
    await request(t.app)
      .post("/admin/designer/prova/modifica")
      .set("Cookie", admin.cookie)
      .type("form")
      .send(`_csrf=${admin.csrf}`);
    const params: Record<string, string> = {
      surveyId: "prova",
      responseId,
      entryId,
      id: userId,
      catalogueId: "catalogo_prova",
      code: "cie",
      version: "1",
      pageId: "profilo",
      questionId: "eta",
    };
    const urlOf = (path: string) => path.replace(/:([A-Za-z]+)/g, (_, n: string) => params[n] ?? n);

    // The field names the admin pages really use, read from their forms, plus the generic ones.
    const names = new Set<string>(KEYS);
    for (const key of Object.keys(ACCESS).filter((k) => k.startsWith("GET "))) {
      const page = await request(t.app)
        .get(urlOf(key.slice(4)))
        .set("Cookie", admin.cookie);
      for (const m of page.text.matchAll(/name="([^"]+)"/g)) if (m[1] !== "_csrf") names.add(m[1]);
    }
    const fields = [...names];
    const values = [
      ...VALUES,
      "admin",
      "giunta",
      "analyst",
      "1",
      "0",
      "si",
      "on",
      "2026-03-01",
      "2026-03-01T10:00",
      "31/12/2026",
      "prova",
      "cie",
      "csv",
      "risposte",
      "annulla",
      "conferma",
      "response_id,survey_version,channel,submitted_at,eta\n,1,web,2026-03-01T10:00:00Z,18_44",
      '{"id":"prova"}',
    ];
    // Sign-out would end the session and is tested elsewhere.
    const posts = Object.keys(ACCESS)
      .filter((k) => k.startsWith("POST ") && k !== "POST /logout")
      .map((k) => urlOf(k.slice(5)));
    const rand = prng(20261128);
    const failures: string[] = [];
    for (let i = 0; i < 500; i++) {
      const path = posts[Math.floor(rand() * posts.length)];
      const parts = [`_csrf=${admin.csrf}`];
      const n = Math.floor(rand() * 10);
      for (let j = 0; j < n; j++) {
        const key = fields[Math.floor(rand() * fields.length)];
        const value = values[Math.floor(rand() * values.length)];
        parts.push(
          rand() < 0.1
            ? `${key}=${value}`
            : `${encodeURIComponent(key)}=${encodeURIComponent(value.replace(/\uD800/g, "x"))}`,
        );
      }
      const res = await request(t.app).post(path).set("Cookie", admin.cookie).type("form").send(parts.join("&"));
      if (res.status >= 500 || /<pre>|at .*\.js:\d+/.test(res.text))
        failures.push(`${res.status} POST ${path} ${parts.join("&").slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    // Still signed in (the fuzzing reached the handlers, not the sign-in page).
    expect((await request(t.app).get("/admin").set("Cookie", admin.cookie)).status).toBe(200);
    expectNothingHalfStored(t.db, t.registry);
  });

  it("an account change with neither a role nor a state is refused with 422 (it was an SQL error, a 500)", async () => {
    const t = createTestApp();
    await createUser(t.db, "admin");
    await createUser(t.db, "giunta");
    const admin = await signIn(t.app, "admin");
    const id = listUsers(t.db).find((u) => u.username === "giunta")!.id;
    const res = await request(t.app)
      .post(`/admin/utenti/${id}`)
      .set("Cookie", admin.cookie)
      .type("form")
      .send(`_csrf=${admin.csrf}&nome=x`);
    expect(res.status).toBe(422);
    expect(res.text).toContain("Modifica non valida.");
  });
});
