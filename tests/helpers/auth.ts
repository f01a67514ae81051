import type { Express } from "express";
import request from "supertest";
import { hashPassword } from "../../src/admin/passwords.js";
import { insertUser } from "../../src/admin/users.repository.js";
import type { Db } from "../../src/db/client.js";
import type { Role } from "../../src/db/schema.js";
import { formBody } from "./respondent.js";

export const PASSWORD = "una frase abbastanza lunga";

export async function createUser(db: Db, role: Role, username: string = role): Promise<void> {
  insertUser(db, { username, displayName: `Utente ${role}`, passwordHash: await hashPassword(PASSWORD), role });
}

/** Signs in and returns the session cookie and the CSRF token read from a page, as a browser would. */
export async function signIn(app: Express, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await request(app).post("/login").type("form").send(`username=${username}&password=${encodeURIComponent(PASSWORD)}`);
  if (res.status !== 303) throw new Error(`login failed: ${res.status}`);
  const cookie = String(res.headers["set-cookie"][0]).split(";")[0];
  const page = await request(app).get("/admin").set("Cookie", cookie);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? "";
  return { cookie, csrf };
}

/** A GET as a signed-in user. */
export function getAs(app: Express, who: { cookie: string }, path: string) {
  return request(app).get(path).set("Cookie", who.cookie);
}

/** A form POST as a signed-in user, with the session's CSRF token. */
export function postAs(app: Express, who: { cookie: string; csrf: string }, path: string, fields: Record<string, string | string[]>) {
  return request(app).post(path).set("Cookie", who.cookie).type("form").send(formBody({ _csrf: who.csrf, ...fields }));
}
