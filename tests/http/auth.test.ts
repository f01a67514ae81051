import { beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { firstAdminSetupToken } from "../../src/storage/sqlite-accounts.js";
import { listUsers } from "../../src/storage/sqlite-users.js";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, loginForm, PASSWORD, postLogin, signIn } from "../helpers/auth.js";
import { createApp } from "../../src/app.js";
import { TEST_CONFIG } from "../helpers/app.js";
import { formBody } from "../helpers/respondent.js";

let t: TestApp;
/** The same database and surveys behind a proxy (TRUST_PROXY=1): X-Forwarded-For says which client. */
const proxiedApp = (test: TestApp) =>
  createApp({ db: test.db, registry: test.registry, config: { ...TEST_CONFIG, trustProxy: "1" } });
beforeEach(() => {
  t = createTestApp();
});

describe("accounts and sessions", () => {
  it("creates the first admin through the one-time link printed at start, and only once", async () => {
    const token = firstAdminSetupToken(t.db)!;
    expect((await request(t.app).get(`/attivazione/${token}`)).status).toBe(200);
    const weak = await request(t.app)
      .post(`/attivazione/${token}`)
      .type("form")
      .send(formBody({ username: "urp", displayName: "Ufficio URP", password: "corta" }));
    expect(weak.status).toBe(422);
    expect(weak.text).toContain("La password deve avere almeno 12 caratteri.");
    const ok = await request(t.app)
      .post(`/attivazione/${token}`)
      .type("form")
      .send(formBody({ username: "URP", displayName: "Ufficio URP", password: PASSWORD }));
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe("/admin/primi-passi");
    expect(String(ok.headers["set-cookie"])).toMatch(/HttpOnly; SameSite=Lax/);
    expect(listUsers(t.db).map((u) => [u.username, u.role])).toEqual([["urp", "admin"]]);
    expect((await request(t.app).get(`/attivazione/${token}`)).status).toBe(404);
    expect(firstAdminSetupToken(t.db)).toBeNull();
  });

  it("stores argon2id hashes, never passwords", async () => {
    await createUser(t.db, "admin");
    const stored = t.db.$client.prepare("SELECT password_hash FROM users").get() as { password_hash: string };
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
    expect(stored.password_hash).not.toContain(PASSWORD);
  });

  it("signs in with a new session id every time, and signs out", async () => {
    await createUser(t.db, "admin");
    const wrong = await postLogin(t.app, { username: "admin", password: "sbagliata sbagliata" });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("Nome utente o password non corretti.");
    const first = await signIn(t.app, "admin");
    const second = await postLogin(t.app, { username: "admin", password: PASSWORD }, { cookie: first.cookie });
    const secondCookie = String(second.headers["set-cookie"][0]).split(";")[0];
    expect(secondCookie).not.toBe(first.cookie);
    // The session a browser held before signing in again is gone.
    expect((await request(t.app).get("/admin").set("Cookie", first.cookie)).status).toBe(303);
    const out = await request(t.app)
      .post("/logout")
      .set("Cookie", first.cookie)
      .type("form")
      .send(formBody({ _csrf: first.csrf }));
    expect(out.status).toBe(401);
    const page = await request(t.app).get("/admin").set("Cookie", secondCookie);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    expect(
      (
        await request(t.app)
          .post("/logout")
          .set("Cookie", secondCookie)
          .type("form")
          .send(formBody({ _csrf: csrf }))
      ).status,
    ).toBe(303);
    expect((await request(t.app).get("/admin").set("Cookie", secondCookie)).status).toBe(303);
    expect(listAudit(t.db).map((e) => e.action)).toEqual(["uscita", "accesso", "accesso", "accesso.fallito"]);
  });

  it("limits failed sign-ins per (user name, client): the sixth attempt waits, even with the right password, but only from there", async () => {
    let clock = Date.parse("2026-03-01T10:00:00Z");
    const realNow = Date.now;
    Date.now = () => clock;
    try {
      const app = proxiedApp(t);
      await createUser(t.db, "admin");
      const from = (ip: string, password: string) =>
        postLogin(app, { username: "admin", password }, { headers: { "X-Forwarded-For": ip } });
      for (let i = 0; i < 5; i++) expect((await from("203.0.113.5", `tentativo numero ${i}`)).status).toBe(401);
      const blocked = await from("203.0.113.5", PASSWORD);
      expect(blocked.status).toBe(429);
      expect(blocked.text).toContain("Troppi tentativi di accesso non riusciti");
      expect(blocked.headers["retry-after"]).toBe("30");
      // Never a lock of the account: the right password from another client gets in at once.
      expect((await from("198.51.100.20", PASSWORD)).status).toBe(303);
      // The pause doubles with each further failure (back-off), up to 15 minutes.
      clock += 31_000;
      expect((await from("203.0.113.5", "ancora sbagliata")).status).toBe(401);
      expect((await from("203.0.113.5", PASSWORD)).headers["retry-after"]).toBe("60");
      clock += 61_000;
      expect((await from("203.0.113.5", PASSWORD)).status).toBe(303);
      // Every failure is in the audit log, with the name only when it is an account's.
      await from("203.0.113.9", "la mia password segreta");
      await postLogin(
        app,
        { username: "la mia password segreta", password: "x" },
        { headers: { "X-Forwarded-For": "203.0.113.9" } },
      );
      const failed = listAudit(t.db).filter((e) => e.action === "accesso.fallito");
      expect(failed).toHaveLength(8);
      expect(failed[0].username).toBe("(nome utente inesistente)");
      expect(failed.slice(1).every((e) => e.username === "admin")).toBe(true);
      expect(JSON.stringify(listAudit(t.db))).not.toContain("segreta");
    } finally {
      Date.now = realNow;
    }
  });

  it("one client trying many names is limited too (10 failures per 15 minutes)", async () => {
    const app = proxiedApp(t);
    for (let i = 0; i < 10; i++)
      expect(
        (
          await postLogin(
            app,
            { username: `nome${i}`, password: "x" },
            { headers: { "X-Forwarded-For": "203.0.113.6" } },
          )
        ).status,
      ).toBe(401);
    expect(
      (await postLogin(app, { username: "altro", password: "x" }, { headers: { "X-Forwarded-For": "203.0.113.6" } }))
        .status,
    ).toBe(429);
    expect(
      (await postLogin(app, { username: "altro", password: "x" }, { headers: { "X-Forwarded-For": "203.0.113.7" } }))
        .status,
    ).toBe(401);
  });

  it("the sign-in form carries a CSRF token: a post from another site (no token, or not the cookie's) signs nobody in", async () => {
    await createUser(t.db, "admin");
    const bare = await request(t.app)
      .post("/login")
      .type("form")
      .send(formBody({ username: "admin", password: PASSWORD }));
    expect(bare.status).toBe(403);
    expect(bare.text).toContain("La pagina di accesso era scaduta");
    expect(String(bare.headers["set-cookie"] ?? "")).not.toContain("sportello_sessione=");
    const form = await loginForm(t.app);
    const other = await loginForm(t.app);
    const forged = await request(t.app)
      .post("/login")
      .set("Cookie", form.cookie)
      .type("form")
      .send(formBody({ _csrf: other.token, username: "admin", password: PASSWORD }));
    expect(forged.status).toBe(403);
    const good = await request(t.app)
      .post("/login")
      .set("Cookie", form.cookie)
      .type("form")
      .send(formBody({ _csrf: form.token, username: "admin", password: PASSWORD }));
    expect(good.status).toBe(303);
    expect(form.cookie).toMatch(/^sportello_accesso=/);
  });

  it("an activation link used by parallel requests creates exactly one account", async () => {
    const token = firstAdminSetupToken(t.db)!;
    const attempts = Array.from({ length: 6 }, (_, i) =>
      request(t.app)
        .post(`/attivazione/${token}`)
        .type("form")
        .send(formBody({ username: `admin${i}`, displayName: `Admin ${i}`, password: PASSWORD })),
    );
    const statuses = (await Promise.all(attempts)).map((r) => r.status);
    expect(statuses.filter((s) => s === 303)).toHaveLength(1);
    expect(listUsers(t.db)).toHaveLength(1);
    expect(statuses.filter((s) => s !== 303).every((s) => s === 404 || s === 422)).toBe(true);
  });

  it("never redirects outside the site after signing in", async () => {
    await createUser(t.db, "admin");
    for (const next of ["//evil.example", "https://evil.example", "/\\evil.example"]) {
      const res = await postLogin(t.app, { username: "admin", password: PASSWORD, next });
      expect(res.headers.location).toBe("/admin");
    }
    const res = await postLogin(t.app, { username: "admin", password: PASSWORD, next: "/admin/utenti" });
    expect(res.headers.location).toBe("/admin/utenti");
  });

  it("refuses a state-changing request without the session's CSRF token, and changes nothing", async () => {
    await createUser(t.db, "admin");
    const { cookie, csrf } = await signIn(t.app, "admin");
    const body = { username: "nuovo", displayName: "Nuovo utente", password: PASSWORD, role: "giunta" };
    for (const token of [undefined, "", "x".repeat(csrf.length)]) {
      const res = await request(t.app)
        .post("/admin/utenti")
        .set("Cookie", cookie)
        .type("form")
        .send(formBody(token === undefined ? body : { ...body, _csrf: token }));
      expect(res.status).toBe(403);
      expect(res.text).toContain("Modulo scaduto");
    }
    expect(listUsers(t.db).map((u) => u.username)).toEqual(["admin"]);
    const ok = await request(t.app)
      .post("/admin/utenti")
      .set("Cookie", cookie)
      .type("form")
      .send(formBody({ ...body, _csrf: csrf }));
    expect(ok.status).toBe(303);
    expect(listUsers(t.db).map((u) => u.username)).toEqual(["admin", "nuovo"]);
  });

  it("keeps at least one active admin, and signs out a user who is disabled", async () => {
    await createUser(t.db, "admin");
    await createUser(t.db, "giunta");
    const admin = await signIn(t.app, "admin");
    const giunta = await signIn(t.app, "giunta");
    const [adminRow, giuntaRow] = listUsers(t.db);
    const demote = await request(t.app)
      .post(`/admin/utenti/${adminRow.id}`)
      .set("Cookie", admin.cookie)
      .type("form")
      .send(formBody({ _csrf: admin.csrf, role: "analyst" }));
    expect(demote.status).toBe(409);
    expect(listUsers(t.db)[0].role).toBe("admin");
    await request(t.app)
      .post(`/admin/utenti/${giuntaRow.id}`)
      .set("Cookie", admin.cookie)
      .type("form")
      .send(formBody({ _csrf: admin.csrf, disabled: "1" }));
    expect((await request(t.app).get("/admin").set("Cookie", giunta.cookie)).status).toBe(303);
    expect(listAudit(t.db)[0]).toMatchObject({
      username: "admin",
      action: "utente.modificato",
      target: "giunta",
      details: "disattivato",
    });
  });
});
