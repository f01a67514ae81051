import express, { type RequestHandler } from "express";
import type { SessionStore } from "../../storage/types.js";
import { readCookie, SESSION_COOKIE } from "./session.js";

/** Where the parsers below find the signed-in user (the storage boundary's sessions, on either engine). */
export type SessionLookup = Pick<SessionStore, "find">;

/**
 * Runs `parse` on a POST from a signed-in administrator, and passes every other request on untouched:
 * nobody else can make the server read a large body or a file.
 */
export function forAdminsOnly(sessions: SessionLookup, parse: RequestHandler): RequestHandler {
  return (req, res, next) => {
    const id = readCookie(req, SESSION_COOKIE);
    if (req.method !== "POST" || !id) return next();
    sessions.find(id).then(
      (session) => (session?.user.role === "admin" ? parse(req, res, next) : next()),
      (error: unknown) => next(error),
    );
  };
}

/**
 * A form larger than the global body limit allows (a pasted definition, margins file or response CSV)
 * gets its own parser, mounted on its path before the global one and read for signed-in administrators
 * only.
 */
export function adminFormParser(sessions: SessionLookup, limit: string): RequestHandler {
  return forAdminsOnly(sessions, express.urlencoded({ extended: false, limit, parameterLimit: 10 }));
}
