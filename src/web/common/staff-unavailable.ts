import type { RequestHandler } from "express";
import { HttpError } from "./errors.js";

/**
 * The paths of the area that still runs on SQLite only, the designer and its service catalogues: on
 * PostgreSQL they answer a 503 page that says so, never a 500 and never a half-working page
 * (docs/postgresql.md, «What remains»).
 */
export const NOT_YET_ON_POSTGRES = ["/admin/designer", "/admin/cataloghi"];

export const staffNotYetOnPostgres: RequestHandler = (req, res, next) => {
  // Not for ever: the area comes back with a later version, so clients and proxies must not keep the answer.
  res.set("Cache-Control", "no-store");
  next(new HttpError(503, "staffUnavailableTitle", "staffUnavailableText"));
};
