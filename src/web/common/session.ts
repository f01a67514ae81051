import { timingSafeEqual } from "node:crypto";
import { parse as parseCookies } from "cookie";
import type { Request, RequestHandler, Response } from "express";
import { SESSION_HOURS, type Role, type User } from "../../admin/sessions.js";
import type { Storage } from "../../storage/types.js";
import { HttpError } from "./errors.js";
import { textOf } from "./form.js";

export const SESSION_COOKIE = "sportello_sessione";

/**
 * One cookie of the request, read by the `cookie` package: a malformed header or value (bad
 * percent-encoding, stray bytes) is left as it is or ignored, never an exception, so it can't turn
 * every page into a 500. Only a value that could be one of our ids is returned.
 */
export function readCookie(req: Request, name: string): string | undefined {
  const header = req.headers.cookie;
  if (typeof header !== "string" || header.length > 8192) return undefined;
  const value = parseCookies(header)[name];
  return value !== undefined && /^[A-Za-z0-9_-]{1,200}$/.test(value) ? value : undefined;
}

/** A technical cookie: HttpOnly, SameSite=Lax, Secure when the request came over HTTPS. */
export function setSessionCookie(req: Request, res: Response, id: string): void {
  res.cookie(SESSION_COOKIE, id, {
    httpOnly: true,
    sameSite: "lax",
    secure: req.secure,
    path: "/",
    maxAge: SESSION_HOURS * 3_600_000,
  });
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: "lax", secure: req.secure, path: "/" });
}

/** Puts the signed-in user (if any) and the session's CSRF token in res.locals. */
export function attachUser(storage: Storage): RequestHandler {
  return async (req, res, next) => {
    const id = readCookie(req, SESSION_COOKIE);
    const session = id ? await storage.sessions.find(id) : undefined;
    res.locals.user = session?.user ?? null;
    res.locals.csrfToken = session?.csrfToken ?? "";
    res.locals.sessionId = session ? id : undefined;
    next();
  };
}

export function currentUser(res: Response): User {
  return res.locals.user as User;
}

/** Only these roles may pass; without a session the browser goes to the login page first. */
export function allow(roles: readonly Role[]): RequestHandler {
  return (req, res, next) => {
    const user = res.locals.user as User | null;
    if (!user) {
      if (req.method === "GET") return res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return next(new HttpError(401, "loginRequiredTitle", "loginRequiredText"));
    }
    if (!roles.includes(user.role)) return next(new HttpError(403, "forbiddenTitle", "forbiddenText"));
    next();
  };
}

/** Every state-changing request of a signed-in user carries the session's token (synchroniser token pattern). */
export const verifyCsrf: RequestHandler = (req, res, next) => {
  const expected = String(res.locals.csrfToken ?? "");
  const given = textOf(req, "_csrf");
  const ok =
    expected.length > 0 &&
    given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected));
  if (!ok) return next(new HttpError(403, "csrfTitle", "csrfText"));
  next();
};

/**
 * Only a local path may follow a login: never another site (no open redirect). A browser drops
 * tabs and line breaks from a URL and reads "\\" as "/", so "/\t/evil" would be "//evil": a path
 * we build ourselves never holds either, so any of them sends to /admin.
 */
export function safeNext(value: unknown): string {
  if (
    typeof value !== "string" ||
    !value.startsWith("/") ||
    value.startsWith("//") ||
    /[\u0000-\u001F\u007F\\]/.test(value)
  )
    return "/admin";
  return value;
}
