import type { RequestHandler, Router } from "express";
import type { Role } from "../../admin/sessions.js";
import { allow, verifyCsrf } from "./session.js";

const STAFF: readonly Role[] = ["admin", "analyst", "operator", "giunta"];
const ADMIN: readonly Role[] = ["admin"];
const ANALYSIS: readonly Role[] = ["admin", "analyst"];
const ENTRY: readonly Role[] = ["admin", "operator"];
const REPORTS: readonly Role[] = ["admin", "analyst", "giunta"];
const PUBLISHERS: readonly Role[] = ["admin", "giunta"];

/**
 * Who may use each administrative route: the one table the routers, the authorization
 * test and SECURITY.md all read. A route missing here can't be registered.
 */
export const ACCESS = {
  "GET /admin": STAFF,
  "POST /logout": STAFF,
  "GET /admin/utenti": ADMIN,
  "POST /admin/utenti": ADMIN,
  "POST /admin/utenti/:id": ADMIN,
  "POST /admin/utenti/invito": ADMIN,
  "GET /admin/registro": ADMIN,
  // read-only API tokens (the API itself is public, behind its bearer tokens)
  "GET /admin/api": ADMIN,
  "POST /admin/api": ADMIN,
  "POST /admin/api/:id/revoca": ADMIN,
  // ente routes (the comune as data, its stemma, the first-steps checklist)
  "GET /admin/ente": ADMIN,
  "POST /admin/ente": ADMIN,
  "POST /admin/ente/stemma": ADMIN,
  "GET /admin/primi-passi": ADMIN,
  // fieldwork routes (survey page, lifecycle, access codes, paper, data entry, kiosk)
  "GET /admin/questionari/:surveyId": STAFF,
  "POST /admin/questionari/:surveyId/stato": ADMIN,
  "POST /admin/questionari/:surveyId/bozze-vuote/elimina": ADMIN,
  "GET /admin/questionari/:surveyId/carta": STAFF,
  "GET /admin/questionari/:surveyId/codici": ADMIN,
  "POST /admin/questionari/:surveyId/codici": ADMIN,
  "POST /admin/questionari/:surveyId/codici/csv": ADMIN,
  "POST /admin/questionari/:surveyId/codici/stampa": ADMIN,
  "POST /admin/questionari/:surveyId/codici/revoca": ADMIN,
  "GET /admin/questionari/:surveyId/inserimento": ENTRY,
  "POST /admin/questionari/:surveyId/inserimento": ENTRY,
  "GET /admin/questionari/:surveyId/inserimento/:entryId": ENTRY,
  "POST /admin/questionari/:surveyId/inserimento/:entryId": ENTRY,
  "POST /admin/questionari/:surveyId/inserimento/:entryId/risolvi": ENTRY,
  "POST /admin/questionari/:surveyId/inserimento/:entryId/elimina": ENTRY,
  // designer routes (survey designer, catalogue editor, JSON download and upload)
  "GET /admin/designer": ADMIN,
  "POST /admin/designer": ADMIN,
  "GET /admin/designer/carica": ADMIN,
  "POST /admin/designer/carica": ADMIN,
  "GET /admin/designer/importa": ADMIN,
  "POST /admin/designer/importa": ADMIN,
  "GET /admin/designer/:surveyId": ADMIN,
  "POST /admin/designer/:surveyId/modifica": ADMIN,
  "GET /admin/designer/:surveyId/impostazioni": ADMIN,
  "POST /admin/designer/:surveyId/impostazioni": ADMIN,
  "GET /admin/designer/:surveyId/anteprima": ADMIN,
  "GET /admin/designer/:surveyId/json": ADMIN,
  "GET /admin/designer/:surveyId/versioni/:version/json": ADMIN,
  "POST /admin/designer/:surveyId/pagine": ADMIN,
  "GET /admin/designer/:surveyId/pagine/:pageId": ADMIN,
  "POST /admin/designer/:surveyId/pagine/:pageId": ADMIN,
  "POST /admin/designer/:surveyId/pagine/:pageId/sposta": ADMIN,
  "GET /admin/designer/:surveyId/pagine/:pageId/nuova-domanda": ADMIN,
  "POST /admin/designer/:surveyId/pagine/:pageId/nuova-domanda": ADMIN,
  "GET /admin/designer/:surveyId/domande/:questionId": ADMIN,
  "POST /admin/designer/:surveyId/domande/:questionId": ADMIN,
  "POST /admin/designer/:surveyId/domande/:questionId/sposta": ADMIN,
  "GET /admin/designer/:surveyId/domande/:questionId/condizione": ADMIN,
  "POST /admin/designer/:surveyId/domande/:questionId/condizione": ADMIN,
  // Destructive ones last: the authorization test runs the routes in this order on one draft.
  "POST /admin/designer/:surveyId/domande/:questionId/elimina": ADMIN,
  "POST /admin/designer/:surveyId/pagine/:pageId/elimina": ADMIN,
  "POST /admin/designer/:surveyId/pubblica": ADMIN,
  "POST /admin/designer/:surveyId/scarta": ADMIN,
  "GET /admin/cataloghi": ADMIN,
  "GET /admin/cataloghi/:catalogueId": ADMIN,
  "POST /admin/cataloghi/:catalogueId/servizi": ADMIN,
  "GET /admin/cataloghi/:catalogueId/servizi/:code": ADMIN,
  "POST /admin/cataloghi/:catalogueId/servizi/:code": ADMIN,
  "POST /admin/cataloghi/:catalogueId/servizi/:code/ritira": ADMIN,
  // report routes
  "GET /reports/:surveyId.json": REPORTS,
  "GET /reports/:surveyId": REPORTS,
  "GET /reports/:surveyId/rapporto.html": REPORTS,
  "GET /reports/:surveyId/sintesi": REPORTS,
  "GET /reports/:surveyId/confronto": REPORTS,
  // report settings routes (criteria weights, margins upload, fieldwork panel, open data)
  "GET /admin/questionari/:surveyId/impostazioni-rapporto": ADMIN,
  "POST /admin/questionari/:surveyId/impostazioni-rapporto": ADMIN,
  "POST /admin/questionari/:surveyId/impostazioni-rapporto/predefiniti": ADMIN,
  "GET /admin/questionari/:surveyId/margini": ADMIN,
  "POST /admin/questionari/:surveyId/margini": ADMIN,
  "POST /admin/questionari/:surveyId/margini/predefiniti": ADMIN,
  "GET /admin/questionari/:surveyId/campione": ANALYSIS,
  "GET /reports/:surveyId/opendata.csv": REPORTS,
  "GET /reports/:surveyId/opendata-dizionario.csv": REPORTS,
  // open data publication (the giunta marks the report «pubblicato»; admins may too)
  "GET /reports/:surveyId/pubblicazione": PUBLISHERS,
  "POST /reports/:surveyId/pubblicazione": PUBLISHERS,
  // data routes (export, import, codebook, responses browser, erasure, retention)
  "GET /admin/questionari/:surveyId/dati": ANALYSIS,
  "GET /admin/questionari/:surveyId/esporta.csv": ANALYSIS,
  "GET /admin/questionari/:surveyId/esporta": ANALYSIS,
  "POST /admin/questionari/:surveyId/importa": ADMIN,
  "GET /admin/questionari/:surveyId/codebook": ANALYSIS,
  "GET /admin/questionari/:surveyId/codebook.csv": ANALYSIS,
  "POST /admin/questionari/:surveyId/conservazione": ADMIN,
  "GET /admin/questionari/:surveyId/risposte": ANALYSIS,
  "GET /admin/risposte/:responseId": ANALYSIS,
  "GET /admin/risposte/:responseId/elimina": ADMIN,
  "POST /admin/risposte/:responseId/elimina": ADMIN,
} as const satisfies Record<string, readonly Role[]>;

export type RouteKey = keyof typeof ACCESS;

/**
 * Administrative pages and files (individual answers, exports, codes, accounts) are never kept by the
 * browser or a proxy: a shared office PC's cache or history must not hand them to the next person.
 */
const noStore: RequestHandler = (_req, res, next) => {
  res.set("Cache-Control", "no-store");
  next();
};

/** Registers a route behind its roles; state-changing methods also need the CSRF token. */
export function guarded(router: Router, key: RouteKey, ...handlers: RequestHandler[]): void {
  const [method, path] = key.split(" ") as [string, string];
  const checks: RequestHandler[] = [allow(ACCESS[key])];
  if (path.startsWith("/admin")) checks.unshift(noStore);
  if (method !== "GET") checks.push(verifyCsrf);
  if (method === "GET") router.get(path, ...checks, ...handlers);
  else router.post(path, ...checks, ...handlers);
}
