import type { RequestHandler } from "express";
import { HttpError } from "./errors.js";

/**
 * The paths of the areas that still run on SQLite only (under /admin the designer and the data
 * pages): on PostgreSQL they answer a 503 page that says so, never a 500 and never a half-working page
 * (docs/postgresql.md, «What remains»). The API's responses answer a 503 of their own, in JSON.
 */
export const NOT_YET_ON_POSTGRES = ["/admin"];

/**
 * Pages under those paths that are on the storage boundary already, so served on PostgreSQL too: the
 * administration's home (surveys, counts, links to the reports), the accounts and the audit log, the
 * ente and its stemma, «Primi passi», the API's tokens, a report's settings, census margins and fieldwork panel, a
 * survey's page (its state and counts, its status and dates, the empty drafts, the paper form), its
 * access codes, the typing in of its paper questionnaires, and the responses browser with the erasure
 * of one response.
 */
const ALREADY_MOVED = [
  /^\/admin\/?$/,
  /^\/admin\/(?:utenti(?:\/[^/]+)?|registro|ente(?:\/stemma)?|primi-passi|api(?:\/[^/]+\/revoca)?)\/?$/,
  /^\/admin\/questionari\/[^/]+(?:\/(?:stato|carta|bozze-vuote\/elimina))?\/?$/,
  /^\/admin\/questionari\/[^/]+\/codici(?:\/(?:csv|stampa|revoca))?\/?$/,
  /^\/admin\/questionari\/[^/]+\/(?:impostazioni-rapporto|margini)(?:\/predefiniti)?\/?$/,
  /^\/admin\/questionari\/[^/]+\/campione\/?$/,
  /^\/admin\/questionari\/[^/]+\/inserimento(?:\/[^/]+(?:\/(?:risolvi|elimina))?)?\/?$/,
  /^\/admin\/questionari\/[^/]+\/risposte\/?$/,
  /^\/admin\/risposte\/[^/]+(?:\/elimina)?\/?$/,
];

export const staffNotYetOnPostgres: RequestHandler = (req, res, next) => {
  if (ALREADY_MOVED.some((path) => path.test(req.baseUrl + req.path))) return next();
  // Not for ever: the area comes back with a later version, so clients and proxies must not keep the answer.
  res.set("Cache-Control", "no-store");
  next(new HttpError(503, "staffUnavailableTitle", "staffUnavailableText"));
};
