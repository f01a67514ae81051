import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { listUsers } from "../../src/storage/sqlite-users.js";
import { ROLES } from "../../src/db/schema.js";
import { createPaperEntry } from "../../src/storage/sqlite-paper-entries.js";
import { ACCESS, type RouteKey } from "../../src/web/common/access.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { formBody } from "../helpers/respondent.js";
import { recordSample, SAMPLE_ANSWERS } from "../helpers/responses.js";

let t: TestApp;
const sessions: Record<string, { cookie: string; csrf: string }> = {};
let targetId = 0;
let entryId = "";
let responseId = "";

beforeAll(async () => {
  t = createTestApp();
  for (const role of ROLES) await createUser(t.db, role);
  await createUser(t.db, "giunta", "bersaglio");
  targetId = listUsers(t.db).find((u) => u.username === "bersaglio")!.id;
  entryId = createPaperEntry(t.db, {
    surveyId: "prova",
    surveyVersion: 1,
    answers: { eta: "18_44" },
    enteredBy: "operator",
  }).id;
  // A stored response for the :responseId routes; the generic form body (no reason) never erases it.
  responseId = recordSample(t.db, t.registry, SAMPLE_ANSWERS[0], { submittedAt: "2026-03-01T10:00:00.000Z" });
  for (const role of ROLES) sessions[role] = await signIn(t.app, role);
});

/**
 * A concrete URL for a route pattern. A route with a new parameter adds it here, with a value
 * that exists, so that an allowed request reaches the handler (200, 303, 409 or 422; never 400/404).
 */
function urlOf(path: string): string {
  const params: Record<string, string> = {
    id: String(targetId),
    surveyId: "prova",
    entryId,
    questionId: "eta",
    pageId: "profilo",
    catalogueId: "catalogo_prova",
    code: "cie",
    version: "1",
    responseId,
  };
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => params[name] ?? `:${name}`);
}

function send(key: RouteKey, who: { cookie: string; csrf: string } | null) {
  const [method, path] = key.split(" ");
  const req =
    method === "GET"
      ? request(t.app).get(urlOf(path))
      : request(t.app)
          .post(urlOf(path))
          .type("form")
          .send(formBody({ _csrf: who?.csrf ?? "", role: "giunta" }));
  return who ? req.set("Cookie", who.cookie) : req;
}

describe("who may use each administrative route", () => {
  const keys = Object.keys(ACCESS) as RouteKey[];
  // Sign-out ends the session, so it goes last.
  keys.sort((a, b) => Number(a === "POST /logout") - Number(b === "POST /logout"));

  for (const key of keys) {
    for (const role of ROLES) {
      const allowed = (ACCESS[key] as readonly string[]).includes(role);
      it(`${key} as ${role}: ${allowed ? "allowed" : "denied"}`, async () => {
        const res = await send(key, sessions[role]);
        if (allowed) {
          // Past the guard: the handler answered (a form error is still an answer), not the sign-in or a refusal.
          expect([200, 303, 409, 422]).toContain(res.status);
          expect(String(res.headers.location ?? "")).not.toMatch(/^\/login\?next=/);
        } else {
          expect(res.status).toBe(403);
          expect(res.text).toContain("Accesso non consentito");
        }
      });
    }
    it(`${key} without a session: sent to sign in`, async () => {
      const res = await send(key, null);
      if (key.startsWith("GET")) {
        expect(res.status).toBe(303);
        expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(urlOf(key.split(" ")[1]))}`);
      } else expect(res.status).toBe(401);
    });
  }
});
