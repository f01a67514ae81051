import { loadEnte } from "../../src/storage/sqlite-ente.js";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { createApp, trustProxySetting } from "../../src/app.js";
import { openDatabase } from "../../src/db/client.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { ACCESS } from "../../src/web/common/access.js";
import { withLang } from "../../src/web/common/locals.js";
import { createTestApp, FIXTURE_SURVEYS, TEST_CONFIG, type TestApp } from "../helpers/app.js";
import { createUser, PASSWORD, postLogin, signIn } from "../helpers/auth.js";
import { recordSample, SAMPLE_ANSWERS } from "../helpers/responses.js";
import { Respondent } from "../helpers/respondent.js";

const ROOT = join(import.meta.dirname, "../..");

let t: TestApp;
let admin: { cookie: string; csrf: string };
let responseId = "";
beforeAll(async () => {
  t = createTestApp();
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
  responseId = recordSample(t.db, t.registry, SAMPLE_ANSWERS[0], { submittedAt: "2026-03-01T10:00:00.000Z" });
});

/** The CSP as a map of directive → sources. */
function csp(header: string | undefined): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of String(header ?? "").split(";")) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name, sources);
  }
  return map;
}

function expectStrictHeaders(res: request.Response, what: string): void {
  const policy = csp(res.headers["content-security-policy"]);
  expect(policy.get("script-src"), what).toEqual(["'self'"]);
  expect(policy.get("default-src"), what).toEqual(["'self'"]);
  expect(policy.get("object-src"), what).toEqual(["'none'"]);
  expect(policy.get("style-src"), what).toEqual(["'self'"]);
  expect(policy.get("frame-ancestors"), what).toEqual(["'self'"]);
  expect(res.headers["x-content-type-options"], what).toBe("nosniff");
  expect(res.headers["referrer-policy"], what).toBe("same-origin");
  expect(res.headers["x-powered-by"], what).toBeUndefined();
}

describe("security headers", () => {
  it("a CSP without inline script on public pages, error pages and the questionnaire", async () => {
    for (const path of ["/", "/s/prova", "/kiosk/prova", "/login", "/accessibilita", "/non-esiste"]) {
      expectStrictHeaders(await request(t.app).get(path), path);
    }
  });

  it("the same on a questionnaire's own pages, which come before the staff routers, with or without a staff session", async () => {
    // The citizens' routers run before the staff sessions are looked up (src/app.ts): their pages keep
    // every header, and a staff member who fills in a questionnaire is still signed in afterwards.
    const r = new Respondent(t.app, "prova");
    await r.start();
    const base = `/r/${r.token}`;
    const pages = ["/", "/accessibilita", "/s/prova", "/kiosk/prova", `${base}/p/${r.pageId}`, `${base}/riepilogo`];
    for (const path of [...pages, `${base}/p/nessuna`, "/r/nessuna/p/profilo", "/s/nessuno"]) {
      const anonymous = await request(t.app).get(path);
      const staff = await request(t.app).get(path).set("Cookie", admin.cookie);
      expect(staff.status, path).toBe(anonymous.status);
      expect(staff.text, path).toBe(anonymous.text);
      expectStrictHeaders(anonymous, path);
      expectStrictHeaders(staff, path);
      expect(anonymous.headers["cache-control"], path).toBe(staff.headers["cache-control"]);
    }
    const posted = await request(t.app)
      .post(`${base}/p/${r.pageId}`)
      .set("Cookie", admin.cookie)
      .type("form")
      .send("lang=it&action=save");
    expect(posted.status).toBe(303);
    expectStrictHeaders(posted, "POST a page");
    expect((await request(t.app).get("/admin").set("Cookie", admin.cookie)).status).toBe(200);
  });

  it("the same on every administrative and report page (every GET route of ACCESS, as an admin)", async () => {
    const params: Record<string, string> = {
      surveyId: "prova",
      responseId,
      catalogueId: "catalogo_prova",
      code: "cie",
      version: "1",
      pageId: "profilo",
      questionId: "eta",
      entryId: "x",
      id: "1",
    };
    const gets = Object.keys(ACCESS)
      .filter((k) => k.startsWith("GET "))
      .map((k) => k.slice(4).replace(/:([A-Za-z]+)/g, (_, n: string) => params[n] ?? n));
    expect(gets.length).toBeGreaterThan(20);
    for (const path of gets) expectStrictHeaders(await request(t.app).get(path).set("Cookie", admin.cookie), path);
  });
});

const EVIL = [
  "//evil.example",
  "https://evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\t/evil.example",
  "/%2F%2Fevil.example",
  "%2F%2Fevil.example",
  "http:evil.example",
  "/a/..//evil.example",
  "javascript:alert(1)",
  " //evil.example",
  "/\\/evil.example",
];

/** Where a browser on http://site.test would go with this Location or href. */
const hostOf = (location: string): string => new URL(location.replace(/[\t\n\r]/g, ""), "http://site.test/start").host;

describe("no open redirect", () => {
  it("after signing in, `next` only ever leads to a page of this site", async () => {
    for (const next of EVIL) {
      const res = await postLogin(t.app, { username: "admin", password: PASSWORD, next });
      expect(res.status, next).toBe(303);
      expect(hostOf(res.headers.location), `${next} → ${res.headers.location}`).toBe("site.test");
      expect(res.headers.location).not.toMatch(/^[/\\]{2}|^[a-z]+:/i);
      // The login form carries `next` in a hidden field: the same rule there.
      const form = await request(t.app).get(`/login?next=${encodeURIComponent(next)}`);
      const hidden = /name="next" value="([^"]*)"/.exec(form.text)?.[1] ?? "/admin";
      expect(hostOf(hidden.replace(/&amp;/g, "&")), next).toBe("site.test");
    }
  });

  it("the language switch links to this site whatever the address asked for", async () => {
    for (const evil of EVIL) expect(hostOf(withLang(evil, "en")), evil).toBe("site.test");
    for (const path of ["/a/..//evil.example", "/.//evil.example", "/s/..//evil.example/x", "//evil.example/"]) {
      const res = await request(t.app).get(path);
      // The footer's links to the comune's own site, mail and phone come from the «Ente» page, not from the request.
      const ente = loadEnte(t.db);
      const configured = new Set([ente.siteUrl, ente.privacyPolicyUrl, ente.legalNotesUrl, ente.accessibilityUrl]);
      const links = [...res.text.matchAll(/href="([^"]*)"/g)]
        .map((m) => m[1].replace(/&amp;/g, "&"))
        .filter((href) => !configured.has(href) && !/^(mailto|tel):/.test(href));
      expect(links.length).toBeGreaterThan(0);
      for (const href of links) expect(hostOf(href), `${path}: ${href}`).toBe("site.test");
    }
  });

  it("a GET that needs a session sends to /login with the page asked for, never elsewhere", async () => {
    for (const path of ["/admin/?x=//evil.example", "/admin?next=//evil.example"]) {
      const res = await request(t.app).get(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.location, path).toMatch(/^\/login\?next=%2Fadmin/);
      expect(hostOf(res.headers.location), path).toBe("site.test");
    }
    // A path that is no route is a 404, not a redirect that could carry it elsewhere.
    const unknown = await request(t.app).get("/admin//evil.example");
    expect(unknown.status).toBe(404);
    expect(unknown.headers.location).toBeUndefined();
  });
});

describe("sessions and cookies", () => {
  it("a session id chosen by the client is never adopted: signing in issues a new one", async () => {
    const planted = "sportello_sessione=id-scelto-da-un-attaccante";
    const res = await postLogin(t.app, { username: "admin", password: PASSWORD }, { cookie: planted });
    const cookie = String(res.headers["set-cookie"][0]);
    expect(cookie).toMatch(/^sportello_sessione=/);
    expect(cookie.split(";")[0]).not.toBe(planted);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it("with TRUST_PROXY=1 behind an HTTPS proxy the session cookie is Secure; over plain HTTP it is not", async () => {
    const db = openDatabase(":memory:");
    const surveys = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
    publishSurveys(db, surveys);
    const app = createApp({ db, registry: createRegistry(surveys), config: { ...TEST_CONFIG, trustProxy: "1" } });
    await createUser(db, "admin");
    const login = (headers: Record<string, string>) =>
      postLogin(app, { username: "admin", password: PASSWORD }, { headers });
    const https = await login({ "X-Forwarded-Proto": "https", "X-Forwarded-For": "198.51.100.1" });
    expect(String(https.headers["set-cookie"][0])).toMatch(/;\s*Secure/i);
    const http = await login({ "X-Forwarded-For": "198.51.100.1" });
    expect(String(http.headers["set-cookie"][0])).not.toMatch(/;\s*Secure/i);
    // Without TRUST_PROXY the header is not believed (anyone could send it).
    const direct = await postLogin(
      t.app,
      { username: "admin", password: PASSWORD },
      { headers: { "X-Forwarded-Proto": "https" } },
    );
    expect(String(direct.headers["set-cookie"][0])).not.toMatch(/;\s*Secure/i);
  });

  it("reads TRUST_PROXY as hops, true, or addresses", () => {
    expect(trustProxySetting("1")).toBe(1);
    expect(trustProxySetting("2")).toBe(2);
    expect(trustProxySetting("true")).toBe(true);
    expect(trustProxySetting("loopback, 10.0.0.0/8")).toBe("loopback, 10.0.0.0/8");
  });
});

/**
 * SQL only through bound parameters: drizzle's query builder and its sql`` template bind every
 * value. These patterns would splice text into SQL; each allowed occurrence says why.
 */
const ALLOWED: Record<string, string> = {
  // "src/path.ts: the exact line": "why it is safe",
};
const DANGEROUS = [
  /sql\.raw\(/,
  /\.exec\(\s*`/,
  /\.exec\(\s*["'][^"']*["']\s*\+/,
  /prepare\(\s*`[^`]*\$\{/,
  /prepare\(\s*["'][^"']*["']\s*\+/,
  /pragma\(\s*`[^`]*\$\{/,
  /\$client\.\w+\(\s*`[^`]*\$\{/,
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

describe("SQL only through bound parameters", () => {
  it("no SQL is built by pasting text into a string anywhere in src/", () => {
    const found: string[] = [];
    for (const file of sourceFiles(join(ROOT, "src"))) {
      for (const line of readFileSync(file, "utf8").split("\n")) {
        if (!DANGEROUS.some((p) => p.test(line))) continue;
        const key = `${relative(ROOT, file)}: ${line.trim()}`;
        if (!(key in ALLOWED)) found.push(key);
      }
    }
    expect(found).toEqual([]);
  });

  it("the patterns catch what they are meant to", () => {
    const bad = [
      "db.$client.exec(`DELETE FROM x WHERE id = ${id}`)",
      "sqlite.prepare(`SELECT * FROM t WHERE a = ${a}`)",
      "db.run(sql.raw(text))",
      'db.$client.prepare("SELECT " + col)',
    ];
    for (const line of bad)
      expect(
        DANGEROUS.some((p) => p.test(line)),
        line,
      ).toBe(true);
    expect(DANGEROUS.some((p) => p.test("db.select().from(t).where(eq(t.id, id)).get()"))).toBe(false);
  });
});

describe("HTTPS-only headers", () => {
  it("plain http (a trial on a LAN address) gets neither HSTS nor upgrade-insecure-requests, so styles and forms keep working", async () => {
    for (const path of ["/", "/s/prova", "/login"]) {
      const res = await request(t.app).get(path).set("Host", "10.0.0.5:3000");
      expect(res.headers["strict-transport-security"], path).toBeUndefined();
      expect(csp(res.headers["content-security-policy"]).has("upgrade-insecure-requests"), path).toBe(false);
      expectStrictHeaders(res, path);
    }
  });

  it("a request that came over HTTPS (through the proxy, TRUST_PROXY=1) gets both", async () => {
    const db = openDatabase(":memory:");
    const surveys = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
    publishSurveys(db, surveys);
    const app = createApp({ db, registry: createRegistry(surveys), config: { ...TEST_CONFIG, trustProxy: "1" } });
    const secure = await request(app).get("/").set("X-Forwarded-Proto", "https");
    expect(secure.headers["strict-transport-security"]).toBe("max-age=31536000; includeSubDomains");
    expect(csp(secure.headers["content-security-policy"]).has("upgrade-insecure-requests")).toBe(true);
    expectStrictHeaders(secure, "https");
    const plain = await request(app).get("/").set("X-Forwarded-Proto", "http");
    expect(plain.headers["strict-transport-security"]).toBeUndefined();
    expect(csp(plain.headers["content-security-policy"]).has("upgrade-insecure-requests")).toBe(false);
  });
});

describe("caching of administrative pages", () => {
  it("every administrative page and file (individual answers, exports, codes) is sent with Cache-Control: no-store", async () => {
    const params: Record<string, string> = {
      surveyId: "prova",
      responseId,
      catalogueId: "catalogo_prova",
      code: "cie",
      version: "1",
      pageId: "profilo",
      questionId: "eta",
      entryId: "x",
      id: "1",
    };
    const gets = Object.keys(ACCESS)
      .filter((k) => k.startsWith("GET /admin"))
      .map((k) => k.slice(4).replace(/:([A-Za-z]+)/g, (_, n: string) => params[n] ?? n));
    for (const path of [...gets, "/admin/questionari/prova/esporta.csv", `/admin/risposte/${responseId}`]) {
      const res = await request(t.app).get(path).set("Cookie", admin.cookie);
      expect(res.headers["cache-control"], `${path} (${res.status})`).toBe("no-store");
    }
  });
});
