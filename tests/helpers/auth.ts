import type { Express } from "express";
import request from "supertest";
import { hashPassword } from "../../src/admin/passwords.js";
import { insertUser } from "../../src/storage/sqlite-users.js";
import type { Db } from "../../src/db/client.js";
import type { Role } from "../../src/db/schema.js";
import type { Storage } from "../../src/storage/types.js";
import { formBody } from "./respondent.js";

export const PASSWORD = "una frase abbastanza lunga";

export async function createUser(db: Db, role: Role, username: string = role): Promise<void> {
  insertUser(db, { username, displayName: `Utente ${role}`, passwordHash: await hashPassword(PASSWORD), role });
}

/** The same on either engine, through the storage boundary (an account made by an administrator). */
export async function addUser(storage: Storage, role: Role, username: string = role): Promise<number> {
  const passwordHash = await hashPassword(PASSWORD);
  const made = await storage.accounts.create({ username, displayName: `Utente ${role}`, passwordHash, role }, "test");
  if (made === "taken") throw new Error(`the account ${username} exists already`);
  return made.id;
}

/** The sign-in form as a browser gets it: its login-CSRF cookie and the token in the form. */
export async function loginForm(app: Express): Promise<{ cookie: string; token: string }> {
  const res = await request(app).get("/login");
  const cookie = (res.headers["set-cookie"] as unknown as string[])
    .find((c) => c.startsWith("sportello_accesso="))!
    .split(";")[0];
  const token = /name="_csrf" value="([^"]+)"/.exec(res.text)?.[1] ?? "";
  return { cookie, token };
}

/** POST /login from the sign-in form (with its token); `cookie` adds cookies, `headers` other headers. */
export async function postLogin(
  app: Express,
  fields: Record<string, string>,
  options: { cookie?: string; headers?: Record<string, string> } = {},
): Promise<request.Response> {
  const form = await loginForm(app);
  let req = request(app).post("/login").set("Cookie", [form.cookie, options.cookie].filter(Boolean).join("; "));
  for (const [name, value] of Object.entries(options.headers ?? {})) req = req.set(name, value);
  return req.type("form").send(formBody({ _csrf: form.token, ...fields }));
}

/** Signs in and returns the session cookie and the CSRF token read from a page, as a browser would. */
export async function signIn(app: Express, username: string): Promise<{ cookie: string; csrf: string }> {
  const res = await postLogin(app, { username, password: PASSWORD });
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
export function postAs(
  app: Express,
  who: { cookie: string; csrf: string },
  path: string,
  fields: Record<string, string | string[]>,
) {
  return request(app)
    .post(path)
    .set("Cookie", who.cookie)
    .type("form")
    .send(formBody({ _csrf: who.csrf, ...fields }));
}

/** The same as postLogin against a running server (fetch): GET the form, then POST it with its token. */
export async function fetchLogin(base: string, fields: Record<string, string>): Promise<Response> {
  const form = await fetch(`${base}/login`);
  const cookie = form.headers
    .getSetCookie()
    .find((c) => c.startsWith("sportello_accesso="))!
    .split(";")[0];
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? "";
  return fetch(`${base}/login`, {
    method: "POST",
    body: formBody({ _csrf: token, ...fields }),
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    redirect: "manual",
  });
}
