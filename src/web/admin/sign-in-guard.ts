import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import { clientKey } from "../common/client-key.js";
import { createLimiter, type Limiter } from "../common/rate-limit.js";
import { readCookie } from "../common/session.js";

/**
 * Login CSRF: the sign-in form carries a token that must equal a cookie set with the form (double
 * submit). Another site can make a browser post to /login, but can neither read nor set that cookie,
 * so it can't sign the victim in to the attacker's account.
 */
export const LOGIN_COOKIE = "sportello_accesso";

/** The token of the sign-in form: the browser's cookie when it has a valid one, else a new one (set here). */
export function loginFormToken(req: Request, res: Response): string {
  const token = readCookie(req, LOGIN_COOKIE) ?? randomBytes(24).toString("base64url");
  res.cookie(LOGIN_COOKIE, token, { httpOnly: true, sameSite: "lax", secure: req.secure, path: "/login" });
  return token;
}

export function loginTokenMatches(req: Request): boolean {
  const expected = readCookie(req, LOGIN_COOKIE) ?? "";
  const given = typeof req.body?._csrf === "string" ? req.body._csrf : "";
  return (
    expected.length > 0 &&
    given.length === expected.length &&
    timingSafeEqual(Buffer.from(given), Buffer.from(expected))
  );
}

/**
 * Failed sign-ins, counted per (user name, client) with an exponential back-off, and per client over
 * all names. Never per user name alone: that would let anyone lock any account, the only admin's
 * included, from anywhere; the right password from another client always gets in.
 */
export interface SignInLimits {
  /** Failures on one name from one client before the back-off starts. */
  freeFailures: number;
  /** The first pause, doubled at each further failure, up to `maxPauseMinutes`. */
  firstPauseSeconds: number;
  maxPauseMinutes: number;
  /** Failures from one client over all names in 15 minutes (a client trying many names). */
  perClient: number;
}

export const SIGN_IN_LIMITS: SignInLimits = {
  freeFailures: 5,
  firstPauseSeconds: 30,
  maxPauseMinutes: 15,
  perClient: 10,
};

export interface SignInGuard {
  /** Seconds to wait before this (name, client) may try again; 0 when it may now. */
  waitSeconds(username: string, req: Request, now?: number): number;
  /** Counts an attempt before the (slow) password check: a burst of parallel guesses is counted too. */
  attempt(username: string, req: Request, now?: number): void;
  /** The attempt succeeded: its (name, client) starts afresh and the client's count is given back. */
  succeeded(username: string, req: Request, now?: number): void;
}

export function createSignInGuard(limits: SignInLimits = SIGN_IN_LIMITS, maxKeys = 100_000): SignInGuard {
  const pairs = new Map<string, { failures: number; until: number; last: number }>();
  const perClient: Limiter = createLimiter(limits.perClient, 15 * 60_000);
  const key = (username: string, req: Request): string => `${username}\u0000${clientKey(req.ip)}`;
  const forget = (now: number): void => {
    if (pairs.size < maxKeys) return;
    for (const [k, p] of pairs) if (now - p.last > limits.maxPauseMinutes * 60_000 * 2) pairs.delete(k);
    for (const k of pairs.keys()) {
      if (pairs.size < maxKeys) break;
      pairs.delete(k);
    }
  };
  return {
    waitSeconds(username, req, now = Date.now()) {
      if (perClient.blocked(clientKey(req.ip), now)) return 15 * 60;
      const pair = pairs.get(key(username, req));
      return pair && pair.until > now ? Math.ceil((pair.until - now) / 1000) : 0;
    },
    attempt(username, req, now = Date.now()) {
      forget(now);
      perClient.hit(clientKey(req.ip), now);
      const k = key(username, req);
      const pair = pairs.get(k) ?? { failures: 0, until: 0, last: now };
      // A quiet spell as long as the longest pause forgives the earlier failures.
      if (now - pair.last > limits.maxPauseMinutes * 60_000) pair.failures = 0;
      pair.failures++;
      pair.last = now;
      const over = pair.failures - limits.freeFailures;
      if (over >= 0)
        pair.until = now + Math.min(limits.firstPauseSeconds * 1000 * 2 ** over, limits.maxPauseMinutes * 60_000);
      pairs.delete(k);
      pairs.set(k, pair);
    },
    succeeded(username, req, now = Date.now()) {
      pairs.delete(key(username, req));
      // The same clock as the attempt it answers: a refund on another clock may miss its window.
      perClient.refund(clientKey(req.ip), now);
    },
  };
}
