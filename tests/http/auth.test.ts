import { beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { firstAdminSetupToken } from "../../src/admin/accounts.service.js";
import { listAudit } from "../../src/admin/audit.repository.js";
import { listUsers } from "../../src/admin/users.repository.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, PASSWORD, signIn } from "../helpers/auth.js";
import { formBody } from "../helpers/respondent.js";

let t: TestApp;
beforeEach(() => {
  t = createTestApp();
});

describe("accounts and sessions", () => {
  it("creates the first admin through the one-time link printed at start, and only once", async () => {
    const token = firstAdminSetupToken(t.db)!;
    expect((await request(t.app).get(`/attivazione/${token}`)).status).toBe(200);
    const weak = await request(t.app).post(`/attivazione/${token}`).type("form").send(formBody({ username: "urp", displayName: "Ufficio URP", password: "corta" }));
    expect(weak.status).toBe(422);
    expect(weak.text).toContain("La password deve avere almeno 12 caratteri.");
    const ok = await request(t.app).post(`/attivazione/${token}`).type("form").send(formBody({ username: "URP", displayName: "Ufficio URP", password: PASSWORD }));
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
    const wrong = await request(t.app).post("/login").type("form").send(formBody({ username: "admin", password: "sbagliata sbagliata" }));
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain("Nome utente o password non corretti.");
    const first = await signIn(t.app, "admin");
    const second = await request(t.app).post("/login").set("Cookie", first.cookie).type("form").send(formBody({ username: "admin", password: PASSWORD }));
    const secondCookie = String(second.headers["set-cookie"][0]).split(";")[0];
    expect(secondCookie).not.toBe(first.cookie);
    // The session a browser held before signing in again is gone.
    expect((await request(t.app).get("/admin").set("Cookie", first.cookie)).status).toBe(303);
    const out = await request(t.app).post("/logout").set("Cookie", first.cookie).type("form").send(formBody({ _csrf: first.csrf }));
    expect(out.status).toBe(401);
    const page = await request(t.app).get("/admin").set("Cookie", secondCookie);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    expect((await request(t.app).post("/logout").set("Cookie", secondCookie).type("form").send(formBody({ _csrf: csrf }))).status).toBe(303);
    expect((await request(t.app).get("/admin").set("Cookie", secondCookie)).status).toBe(303);
    expect(listAudit(t.db).map((e) => e.action)).toEqual(["uscita", "accesso", "accesso"]);
  });

  it("limits failed sign-ins: the sixth attempt on one name is refused even with the right password", async () => {
    await createUser(t.db, "admin");
    for (let i = 0; i < 5; i++) {
      const res = await request(t.app).post("/login").type("form").send(formBody({ username: "admin", password: `tentativo numero ${i}` }));
      expect(res.status).toBe(401);
    }
    const blocked = await request(t.app).post("/login").type("form").send(formBody({ username: "admin", password: PASSWORD }));
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain("Troppi tentativi");
  });

  it("never redirects outside the site after signing in", async () => {
    await createUser(t.db, "admin");
    for (const next of ["//evil.example", "https://evil.example", "/\\evil.example"]) {
      const res = await request(t.app).post("/login").type("form").send(formBody({ username: "admin", password: PASSWORD, next }));
      expect(res.headers.location).toBe("/admin");
    }
    const res = await request(t.app).post("/login").type("form").send(formBody({ username: "admin", password: PASSWORD, next: "/admin/utenti" }));
    expect(res.headers.location).toBe("/admin/utenti");
  });

  it("refuses a state-changing request without the session's CSRF token, and changes nothing", async () => {
    await createUser(t.db, "admin");
    const { cookie, csrf } = await signIn(t.app, "admin");
    const body = { username: "nuovo", displayName: "Nuovo utente", password: PASSWORD, role: "giunta" };
    for (const token of [undefined, "", "x".repeat(csrf.length)]) {
      const res = await request(t.app).post("/admin/utenti").set("Cookie", cookie).type("form").send(formBody(token === undefined ? body : { ...body, _csrf: token }));
      expect(res.status).toBe(403);
      expect(res.text).toContain("Modulo scaduto");
    }
    expect(listUsers(t.db).map((u) => u.username)).toEqual(["admin"]);
    const ok = await request(t.app).post("/admin/utenti").set("Cookie", cookie).type("form").send(formBody({ ...body, _csrf: csrf }));
    expect(ok.status).toBe(303);
    expect(listUsers(t.db).map((u) => u.username)).toEqual(["admin", "nuovo"]);
  });

  it("keeps at least one active admin, and signs out a user who is disabled", async () => {
    await createUser(t.db, "admin");
    await createUser(t.db, "giunta");
    const admin = await signIn(t.app, "admin");
    const giunta = await signIn(t.app, "giunta");
    const [adminRow, giuntaRow] = listUsers(t.db);
    const demote = await request(t.app).post(`/admin/utenti/${adminRow.id}`).set("Cookie", admin.cookie).type("form").send(formBody({ _csrf: admin.csrf, role: "analyst" }));
    expect(demote.status).toBe(409);
    expect(listUsers(t.db)[0].role).toBe("admin");
    await request(t.app).post(`/admin/utenti/${giuntaRow.id}`).set("Cookie", admin.cookie).type("form").send(formBody({ _csrf: admin.csrf, disabled: "1" }));
    expect((await request(t.app).get("/admin").set("Cookie", giunta.cookie)).status).toBe(303);
    expect(listAudit(t.db)[0]).toMatchObject({ username: "admin", action: "utente.modificato", target: "giunta", details: "disattivato" });
  });
});
