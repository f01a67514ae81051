import { ROLE_NAMES, ROLES } from "../surveys/vocabulary.js";
import { ACCESS } from "../web/common/access.js";

/**
 * The routes anyone may use without signing in, and what protects them instead of a role.
 * tests/http/security-doc.test.ts checks that the app registers exactly these plus ACCESS,
 * and that SECURITY.md shows the table this module writes.
 */
export const PUBLIC_ROUTES: Record<string, string> = {
  "GET /": "home page: the open questionnaires",
  "GET /accessibilita": "accessibility statement",
  "GET /healthz": "health check (database, migrations, free disk) as JSON; no personal data",
  "GET /s/:surveyId": "a questionnaire's first page (privacy notice, start, resume)",
  "POST /s/:surveyId/start":
    "start: stores nothing (the link carries the start, sealed); limit per client; access code for staff surveys (failures limited)",
  "POST /s/:surveyId/resume": "resume by short code: failures limited per address",
  "GET /kiosk/:surveyId": "the kiosk's first page",
  "POST /kiosk/:surveyId/start": "kiosk start: as the web start, higher limit per client",
  "GET /r/:token/p/:pageId":
    "a page of one's own draft: the 192-bit token (or the sealed pending link) is the key; kiosk drafts close after 20 idle minutes",
  "POST /r/:token/p/:pageId":
    "save a page of one's draft: limit per client; the first answers store the draft (client's share of the open-draft cap)",
  "GET /r/:token/continua": "carry on where one left off (token)",
  "GET /r/:token/riepilogo": "summary before sending (token)",
  "POST /r/:token/invia": "send: limit per address; stored once (IMMEDIATE transaction, tombstone)",
  "GET /r/:token/salvato": "the resume link and code of one's draft (token)",
  "GET /r/:token/grazie": "thank-you page (token)",
  "POST /r/:token/valutazione": "end-of-service rating: limit per client, one per questionnaire",
  "GET /login": "sign-in form",
  "POST /login":
    "sign in: login-CSRF token; 5 failures per (user name, client) then a doubling pause, 10 per client; failures audited; new session id",
  "GET /attivazione/:token": "one-time account activation link (24 or 72 hours)",
  "POST /attivazione/:token":
    "create the account of an activation link, once (claimed in one transaction with the new account)",
  "GET /ente/stemma": "the comune's stemma as uploaded (an SVG is served under a policy that runs nothing)",
  "GET /favicon.ico": "sends to the stemma, or 404 without one",
  "GET /opendata/catalogo.jsonld":
    "DCAT-AP_IT catalogue of the published open data (only reports the giunta marked «pubblicato»)",
  "GET /opendata/:surveyId/dcat.jsonld": "DCAT-AP_IT description of one published dataset; 404 before publication",
  "GET /opendata/:surveyId/aggregati.csv":
    "published aggregates (the report's protected figures, as published); 404 before publication",
  "GET /opendata/:surveyId/aggregati.json": "the same aggregates as JSON; 404 before publication",
  "GET /opendata/:surveyId/dizionario.csv": "data dictionary of the aggregates; 404 before publication",
  "GET /opendata/:surveyId/datapackage.json": "Frictionless Data Package of the aggregates; 404 before publication",
  "GET /api/v1/surveys/:surveyId/report":
    "read-only API: the report JSON; bearer token of that survey (hashed, revocable), 401/403 otherwise",
  "GET /api/v1/surveys/:surveyId/aggregates": "read-only API: the report's aggregates; bearer token of that survey",
  "GET /api/v1/surveys/:surveyId/responses":
    "read-only API: the export (microdata); bearer token of that survey with the microdata scope; audited",
};

/** The Markdown table of every route: public ones, then ACCESS in its order, a ✓ per role allowed. */
export function routesTable(): string {
  const head = `| route | ${ROLES.map((r) => ROLE_NAMES[r].name).join(" | ")} | without signing in |`;
  const rule = `|---|${ROLES.map(() => ":-:").join("|")}|---|`;
  const publicRows = Object.entries(PUBLIC_ROUTES).map(
    ([route, note]) => `| \`${route}\` | ${ROLES.map(() => "✓").join(" | ")} | ✓ ${note} |`,
  );
  const staffRows = Object.entries(ACCESS).map(([route, roles]) => {
    const allowed = roles as readonly string[];
    return `| \`${route}\` | ${ROLES.map((r) => (allowed.includes(r) ? "✓" : "—")).join(" | ")} | — (${route.startsWith("GET") ? "sent to /login" : "401"}) |`;
  });
  return [head, rule, ...publicRows, ...staffRows].join("\n");
}
