import { afterEach, describe, expect, it } from "vitest";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { join } from "node:path";
import { closePostgres, openPostgres } from "../../src/db/pg/client.js";
import { auditLog } from "../../src/db/pg/schema.js";
import { openPostgresStorage } from "../../src/storage/postgres/index.js";
import { PASSWORD } from "../helpers/auth.js";
import { HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";
import { completeProva, provaAnswers, spawnServer, type SpawnedServer } from "../helpers/server.js";
import { FIXTURE_SURVEYS } from "../helpers/app.js";

/** `DATABASE_URL=postgres://… npm start`: the real server (src/main.ts) in its own process, on a real PostgreSQL. */
const pg = usePostgres();
const ROOT = join(import.meta.dirname, "../..");
/**
 * The CLI in its own process, awaited without blocking this process: a synchronous spawn froze the
 * event loop for seconds, so fetch reused a keep-alive connection the server had closed meanwhile
 * («other side closed», once under load).
 */
async function cli(args: string[], env: Record<string, string>): Promise<{ stdout: string; stderr: string }> {
  return promisify(execFile)(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
}

let nodes: SpawnedServer[] = [];
afterEach(async () => {
  await Promise.all(nodes.map((node) => node.kill()));
  nodes = [];
});

async function startNode(url: string): Promise<SpawnedServer> {
  // DATABASE_PATH points nowhere writable: the server must not touch SQLite at all.
  const node = await spawnServer("/nonexistent/sportello.db", { DATABASE_URL: url });
  nodes.push(node);
  return node;
}

/** Signs in through the form as a browser does (the form's token and its cookie); returns the session cookie. */
async function signIn(base: string, username: string, password: string, address: string): Promise<Response> {
  const form = await fetch(`${base}/login`, { headers: { "x-forwarded-for": address } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  const loginCookie = (form.headers.get("set-cookie") ?? "").split(";")[0];
  return fetch(`${base}/login`, {
    method: "POST",
    body: new URLSearchParams({ _csrf: token, username, password, next: "/reports/prova" }),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      cookie: loginCookie,
      "x-forwarded-for": address,
    },
    redirect: "manual",
  });
}

interface ReportHead {
  generatedAt: string;
  survey: { id: string };
  responses: { total: number | null; tooFew: boolean };
}

/** Polls the report's JSON until it is served and `ready` holds (503 «in preparazione» meanwhile). */
async function readReport(base: string, cookie: string, ready: (report: ReportHead) => boolean): Promise<ReportHead> {
  for (let tries = 0; tries < 600; tries++) {
    const res = await fetch(`${base}/reports/prova.json`, { headers: { cookie } });
    if (res.status === 200) {
      const report = (await res.json()) as ReportHead;
      if (ready(report)) return report;
    } else {
      expect(res.status).toBe(503);
      await res.arrayBuffer();
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("the report was not served in 2 minutes");
}

describe.skipIf(!HAS_POSTGRES)("the server on PostgreSQL", { timeout: 180_000 }, () => {
  it("migrates an empty database, serves a questionnaire to the end, and keeps the designer for staff", async () => {
    const url = await pg().createDatabase();
    const node = await startNode(url);
    const home = await fetch(`${node.base}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('href="/s/prova"');
    expect(await completeProva(node.base, provaAnswers("su postgres", 3), "10.0.0.7")).toBe(true);
    for (const path of ["/admin/designer", "/admin/cataloghi"]) {
      const page = await fetch(`${node.base}${path}`, { redirect: "manual" });
      expect(page.status, path).toBe(303);
      expect(page.headers.get("location"), path).toBe(`/login?next=${encodeURIComponent(path)}`);
    }
    // Single-use codes for the staff questionnaire, made with the CLI on PostgreSQL, open it once.
    // execFile rejects on a non-zero exit: reaching the next line means the command succeeded.
    const made = await cli(["codes", "--survey", "personale_prova", "--count", "2"], {
      DATABASE_URL: url,
      SURVEYS_DIR: FIXTURE_SURVEYS,
    });
    const [header, code, other] = made.stdout.trim().split("\n");
    expect([header, other]).toEqual(["codice", expect.stringMatching(/^[A-Z0-9]+-[A-Z0-9]+$/)]);
    const start = (given: string) =>
      fetch(`${node.base}/s/personale_prova/start`, {
        method: "POST",
        body: new URLSearchParams({ lang: "it", code: given }),
        headers: { "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "10.0.3.1" },
        redirect: "manual",
      });
    expect((await start(code)).status).toBe(303);
    expect((await start("AAAAA-AAAAA")).status).toBe(422);
    const health = await fetch(`${node.base}/healthz`);
    expect(((await health.json()) as { database: { reachable: boolean } }).database.reachable).toBe(true);

    const storage = await openPostgresStorage(url, { max: 1 });
    try {
      // A new administrator starts from the home: «Primi passi» is not served on PostgreSQL yet.
      const link = await storage.accounts.invite("admin", 72, "(prova)");
      const created = await fetch(`${node.base}/attivazione/${link}`, {
        method: "POST",
        body: new URLSearchParams({
          username: "amministratrice",
          displayName: "L'amministratrice",
          password: PASSWORD,
        }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        redirect: "manual",
      });
      expect(created.status).toBe(303);
      expect(created.headers.get("location")).toBe("/admin/primi-passi");

      // The administrator makes codes on the codes page, served on PostgreSQL; one opens the staff questionnaire.
      const signedIn = await signIn(node.base, "amministratrice", PASSWORD, "10.0.4.1");
      const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0];
      const page = await fetch(`${node.base}/admin/questionari/personale_prova/codici`, { headers: { cookie } });
      expect(page.status).toBe(200);
      const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? "";
      const generated = await fetch(`${node.base}/admin/questionari/personale_prova/codici`, {
        method: "POST",
        body: new URLSearchParams({ _csrf: csrf, count: "3" }),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
      });
      expect(generated.status).toBe(200);
      const fromPage = [...(await generated.text()).matchAll(/<code>([A-Z0-9]+-[A-Z0-9]+)<\/code>/g)].map((m) => m[1]);
      expect(fromPage).toHaveLength(3);
      expect((await start(fromPage[0])).status).toBe(303);
      expect((await storage.accessCodes.countStates("personale_prova")).total).toBe(5);

      // The survey's page, and closing the survey there: the questionnaire answers «chiuso» at once.
      const surveyPage = await fetch(`${node.base}/admin/questionari/prova`, { headers: { cookie } });
      expect(surveyPage.status).toBe(200);
      expect(await surveyPage.text()).toContain("Aperto");
      const closed = await fetch(`${node.base}/admin/questionari/prova/stato`, {
        method: "POST",
        body: new URLSearchParams({ _csrf: csrf, status: "closed", opensAt: "", closesAt: "" }),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        redirect: "manual",
      });
      expect(closed.status).toBe(303);
      const publicPage = await fetch(`${node.base}/s/prova`);
      expect(publicPage.status).toBe(410);
      expect(await publicPage.text()).toContain("Il questionario è chiuso");
      expect((await storage.surveys.findSettings("prova"))?.status).toBe("closed");
      const [stored, ...others] = await storage.responses.list("prova");
      expect(others).toHaveLength(0);
      expect(stored.answers).toMatchObject({ commento: "su postgres", quartiere: "centro" });
      expect(stored.channel).toBe("web");
      // The start seeded the ente and published the surveys in PostgreSQL.
      expect((await storage.surveys.readPublished()).map((s) => s.definition.id)).toContain("prova");
      expect((await storage.ente.load()).name).toBeTruthy();
    } finally {
      await storage.close();
    }
  });

  it("a citizen completes the questionnaire on node A; the giunta signs in on node B and reads a report that includes it", async () => {
    const url = await pg().createDatabase();
    const [a, b] = [await startNode(url), await startNode(url)];
    const db = await openPostgres(url, { max: 1 });
    try {
      // The giunta's account: an invitation made with the CLI on PostgreSQL, opened on node B.
      const invite = await cli(["user", "invite", "--role", "giunta"], { DATABASE_URL: url });
      expect(invite.stderr).toBe("");
      const link = /\/attivazione\/([A-Za-z0-9_-]+)/.exec(invite.stdout)?.[1] ?? "";
      const created = await fetch(`${b.base}/attivazione/${link}`, {
        method: "POST",
        body: new URLSearchParams({ username: "sindaca", displayName: "La sindaca", password: PASSWORD }),
        headers: { "content-type": "application/x-www-form-urlencoded" },
        redirect: "manual",
      });
      expect(created.status).toBe(303);
      expect(created.headers.get("location")).toBe("/admin");
      expect((await fetch(`${a.base}/attivazione/${link}`)).status).toBe(404);
      for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 13])
        expect(await completeProva(a.base, provaAnswers(`cittadino ${n}`, n), `10.0.1.${n}`)).toBe(true);

      expect((await signIn(b.base, "sindaca", "non è la password", "10.0.2.1")).status).toBe(401);
      const signedIn = await signIn(b.base, "sindaca", PASSWORD, "10.0.2.1");
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get("location")).toBe("/reports/prova");
      const cookie = (signedIn.headers.get("set-cookie") ?? "").split(";")[0];

      // The first view asks node B's worker for the build («in preparazione», 503) until it is ready.
      const first = await readReport(b.base, cookie, () => true);
      expect(first.survey.id).toBe("prova");
      // Counts are published with cell-key noise (at most ±5, docs/disclosure-policy.md): never exact;
      // 12 citizens are enough for the total never to fall under the 5 below which it is withheld.
      expect(first.responses.total).toBeGreaterThanOrEqual(1);
      expect(first.responses.tooFew).toBe(false);
      // One more citizen on node A: node B sees new inputs in the database and serves a newer report.
      expect(await completeProva(a.base, provaAnswers("cittadino 14", 14), "10.0.1.14")).toBe(true);
      const second = await readReport(b.base, cookie, (r) => r.generatedAt > first.generatedAt);
      expect(second.responses.total).toBeGreaterThanOrEqual(1);
      // The home lists the surveys with their counts and links to the reports.
      const home = await fetch(`${b.base}/admin`, { headers: { cookie } });
      expect(home.status).toBe(200);
      expect(await home.text()).toContain('href="/reports/prova"');
      const page = await fetch(`${b.base}/reports/prova`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("<h1");
      // The session lives in the database: node A knows it too.
      const onA = await fetch(`${a.base}/reports/prova.json`, { headers: { cookie } });
      expect([200, 503]).toContain(onA.status);
      await onA.arrayBuffer();

      // Signing out on node A ends the session on both nodes.
      const reportPage = await fetch(`${a.base}/reports/prova`, { headers: { cookie } });
      const csrf = /action="\/logout"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(await reportPage.text())?.[1] ?? "";
      const out = await fetch(`${a.base}/logout`, {
        method: "POST",
        body: new URLSearchParams({ _csrf: csrf }),
        headers: { "content-type": "application/x-www-form-urlencoded", cookie },
        redirect: "manual",
      });
      expect(out.status).toBe(303);
      const after = await fetch(`${b.base}/reports/prova.json`, { headers: { cookie }, redirect: "manual" });
      expect(after.status).toBe(303);
      expect(after.headers.get("location")).toBe("/login?next=%2Freports%2Fprova.json");

      const trail = await db.select({ username: auditLog.username, action: auditLog.action }).from(auditLog);
      expect(trail).toEqual([
        { username: "(riga di comando)", action: "invito.creato" },
        { username: "(link di attivazione)", action: "utente.creato" },
        { username: "sindaca", action: "accesso.fallito" },
        { username: "sindaca", action: "accesso" },
        { username: "sindaca", action: "uscita" },
      ]);
    } finally {
      await closePostgres(db);
    }
  });
});
