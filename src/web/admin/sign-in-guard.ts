import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Request, Response } from "express";
import { readCookie } from "../common/session.js";
import { textOf } from "../common/form.js";

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
  const given = textOf(req, "_csrf");
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
