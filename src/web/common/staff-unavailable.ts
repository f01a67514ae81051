import type { RequestHandler } from "express";
import { HttpError } from "./errors.js";

/**
 * The paths of the areas that still run on SQLite only (sign-in, administration, designer, data,
 * reports, the API, open data): on PostgreSQL they answer a 503 page that says so,
 * never a 500 and never a half-working page (docs/postgresql.md, «What remains»).
 */
export const STAFF_PATHS = ["/login", "/logout", "/attivazione", "/admin", "/reports", "/api", "/opendata"];

export const staffNotYetOnPostgres: RequestHandler = (_req, res, next) => {
  // Not for ever: the area comes back with a later version, so clients and proxies must not keep the answer.
  res.set("Cache-Control", "no-store");
  next(new HttpError(503, "staffUnavailableTitle", "staffUnavailableText"));
};
