import express, { type RequestHandler } from "express";
import { findSession } from "../../admin/sessions.service.js";
import type { Db } from "../../db/client.js";
import { readCookie, SESSION_COOKIE } from "./session.js";

/**
 * A form larger than the global body limit allows (a pasted definition, margins file or response CSV)
 * gets its own parser, mounted on its path before the global one and read for signed-in administrators
 * only: nobody else can make the server read a large body.
 */
export function adminFormParser(db: Db, limit: string): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit, parameterLimit: 10 });
  return (req, res, next) => {
    const id = readCookie(req, SESSION_COOKIE);
    if (req.method === "POST" && id && findSession(db, id)?.user.role === "admin") return parse(req, res, next);
    next();
  };
}
