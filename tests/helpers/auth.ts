import type { Express } from "express";
import request from "supertest";
import { hashPassword } from "../../src/admin/passwords.js";
import { insertUser } from "../../src/admin/users.repository.js";
import type { Db } from "../../src/db/client.js";
import type { Role } from "../../src/db/schema.js";

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
