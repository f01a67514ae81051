import { describe, expect, it } from "vitest";
import request from "supertest";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { createApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/client.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { FIXTURE_SURVEYS, TEST_CONFIG } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { Respondent } from "../helpers/respondent.js";

/** mulberry32: seeded, so a failing case can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function appWith(trustProxy: string | undefined) {
  const db = openDatabase(":memory:");
  const surveys = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
  publishSurveys(db, surveys);
  return { app: createApp({ db, registry: createRegistry(surveys), config: { ...TEST_CONFIG, trustProxy } }), db };
}

const COOKIES = [
  "sportello_sessione=%E0%A4%A",
  "sportello_sessione=%",
  "sportello_sessione=%ZZ",
  "sportello_sessione=",
  "sportello_sessione",
  "=",
  ";;;",
  "a=b; sportello_sessione=%E0%A4%A; c",
  `sportello_sessione=${"A".repeat(10_000)}`,
  'sportello_sessione="quoted"',
  "sportello_sessione=a=b=c",
  "__proto__=x; constructor=y",
  "sportello_sessione=ä",
  "sportello_sessione=\u00ff\u00fe",
];
const LANGUAGES = [
  "",
  "*",
  "xx",
  "en;q=abc",
  "it;q=",
  ",,,",
  "en-US,en;q=0.9,*;q=0.1",
  "q=1;q=2",
  `${"en,".repeat(2000)}`,
  "\u00e9",
  "__proto__",
  "en;q=1e999",
  "-;q=-1",
];
const HOSTS = [
  "",
  "evil.example",
  "localhost:99999",
  "[::1",
  "[::1]:3000",
  "a b",
  "%00",
  "\u00e9x.it",
  "x".repeat(3000),
  "127.0.0.1:abc",
  "..",
  "@evil",
];
const FORWARDED = [
  "",
  "garbage",
  "1.2.3.4, ,",
  "::1",
  "2001:db8::1, 10.0.0.1",
  "999.999.999.999",
  "unknown",
  "[2001:db8::1]:443",
  ",".repeat(500),
  "1.2.3.4".repeat(400),
  "::ffff:1.2.3.4",
  "fe80::1%eth0",
];
const PROTOS = ["", "https", "http", "HTTPS", "ftp", "https, http", "javascript", "\u00e9"];

describe("malformed request headers", () => {
  it("a malformed session cookie is ignored on every page: public pages answer, admin pages ask to sign in, never a 500", async () => {
    const { app, db } = appWith(undefined);
    await createUser(db, "admin");
    for (const path of [
      "/",
      "/s/prova",
      "/kiosk/prova",
      "/login",
      "/accessibilita",
      "/admin",
      "/admin/questionari/prova",
      "/reports/prova",
      "/nessuna-pagina",
    ]) {
      const res = await request(app).get(path).set("Cookie", "sportello_sessione=%E0%A4%A");
      expect(res.status, path).toBeLessThan(500);
      expect(res.text).not.toMatch(/URIError|at .*\.js:\d+/);
    }
    // A valid session next to malformed cookies still works.
    const admin = await signIn(app, "admin");
    const res = await request(app).get("/admin").set("Cookie", `x=%E0%A4%A; ${admin.cookie}; y=%`);
    expect(res.status).toBe(200);
  });

  for (const trustProxy of [undefined, "1"]) {
    it(`random Cookie, Accept-Language, Host and X-Forwarded-* values never give a 5xx (TRUST_PROXY ${trustProxy ?? "unset"})`, async () => {
      const { app, db } = appWith(trustProxy);
      await createUser(db, "admin");
      const admin = await signIn(app, "admin");
      const r = new Respondent(app, "prova");
      await r.start();
      await r.answer({ eta: "18_44", quartiere: "centro" });
      const gets = [
        "/",
        "/s/prova",
        "/kiosk/prova",
        "/login",
        "/accessibilita",
        "/admin",
        "/admin/questionari/prova",
        `/r/${r.token}/p/servizi`,
        `/r/${r.token}/salvato`,
        "/reports/prova",
        "/healthz",
      ];
      const posts = [
        "/s/prova/start",
        "/kiosk/prova/start",
        "/s/prova/resume",
        `/r/${r.token}/p/servizi`,
        "/login",
        `/r/${r.token}/valutazione`,
      ];
      const rand = prng(trustProxy ? 7 : 11);
      const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
      const failures: string[] = [];
      for (let i = 0; i < 250; i++) {
        const post = rand() < 0.3;
        const path = post ? pick(posts) : pick(gets);
        const headers: Record<string, string> = {
          Cookie: rand() < 0.3 ? `${pick(COOKIES)}; ${admin.cookie}` : pick(COOKIES),
          "Accept-Language": pick(LANGUAGES),
          Host: pick(HOSTS),
          "X-Forwarded-For": pick(FORWARDED),
          "X-Forwarded-Proto": pick(PROTOS),
          "X-Forwarded-Host": pick(HOSTS),
        };
        let req = post
          ? request(app).post(path).type("form").send("lang=it&eta=18_44&action=next")
          : request(app).get(path);
        for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
        let res: request.Response;
        try {
          res = await req;
        } catch (error) {
          // The HTTP client itself refuses some values (e.g. characters not allowed in a header): not the app's doing.
          if (/Invalid character|ERR_INVALID_CHAR|invalid header/i.test(String(error))) continue;
          throw error;
        }
        if (res.status >= 500 || /URIError|at .*\.js:\d+/.test(res.text))
          failures.push(`${res.status} ${post ? "POST" : "GET"} ${path} ${JSON.stringify(headers).slice(0, 300)}`);
      }
      expect(failures).toEqual([]);
    });
  }
});
