import { describe, expect, it } from "vitest";
import request from "supertest";
import { listResponses } from "../../src/responses/repository.js";
import { findDraft } from "../../src/responses/drafts.repository.js";
import { validateAnswers } from "../../src/surveys/validate.js";
import { createTestApp } from "../helpers/app.js";
import { Respondent } from "../helpers/respondent.js";

/** mulberry32: a small seeded generator, so a failing case can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ["eta", "quartiere", "quartiere/other", "figli", "scuola", "usati", "usati/other", "soddisfazione/cie", "soddisfazione/tari", "uffici/cie",
  "classifica/1", "classifica/2", "classifica/3", "importanza", "orari", "ultima_visita", "nome_ufficio", "giudizio", "commento",
  "action", "lang", "ritorno", "rating", "step", "aspects", "comment", "code", "resumeCode", "__proto__", "constructor", "toString", "a[b]", "x[0]", ""];
const VALUES = ["", "18_44", "45_64", "other", "cie", "tari", "non_so", "1", "10", "11", "-1", "3,5", "1e309", "NaN", "2025-02-30", "2025-03-31",
  "next", "back", "save", "riepilogo", "en", "xx", "\u0000", "\uFFFF", "\uD800", "😀".repeat(300), "<script>alert(1)</script>", "' OR 1=1 --", "%", "%ZZ", "a".repeat(5000)];

function randomBody(rand: () => number): string {
  const parts: string[] = [];
  const n = Math.floor(rand() * 12);
  for (let i = 0; i < n; i++) {
    const key = KEYS[Math.floor(rand() * KEYS.length)];
    const value = VALUES[Math.floor(rand() * VALUES.length)];
    // Sometimes raw, possibly malformed, percent-encoding; usually well-formed.
    parts.push(rand() < 0.1 ? `${key}=${value}` : `${encodeURIComponent(key)}=${encodeURIComponent(value.replace(/\uD800/g, "x"))}`);
  }
  return parts.join("&");
}

const CONTENT_TYPES = ["application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data; boundary=x", "application/x-www-form-urlencoded; charset=latin1"];

describe("random and malformed bodies", () => {
  it("never get a 5xx, and never leave a response or a draft that breaks the rules", async () => {
    const t = createTestApp();
    const r = new Respondent(t.app, "prova");
    await r.start();
    const token = r.token;
    const paths = ["/s/prova/start", "/s/prova/resume", "/s/personale_prova/start", `/r/${token}/p/profilo`, `/r/${token}/p/servizi`, `/r/${token}/p/esperienza`,
      `/r/${token}/p/priorita`, `/r/${token}/p/altro`, `/r/${token}/invia`, `/r/${token}/valutazione`, "/r/x/p/profilo", "/s/prova"];
    const rand = prng(20261127);
    const failures: string[] = [];
    for (let i = 0; i < 600; i++) {
      const path = paths[Math.floor(rand() * paths.length)];
      const type = CONTENT_TYPES[Math.floor(rand() * CONTENT_TYPES.length)];
      const body = type === "application/json" ? JSON.stringify({ eta: [1, { a: 2 }], usati: { $gt: "" } }) : randomBody(rand);
      const res = await request(t.app).post(path).set("Content-Type", type).send(body);
      // A 4xx must still be a proper page, never a stack trace.
      if (res.status >= 500 || /<pre>|at .*\.js:\d+/.test(res.text)) failures.push(`${res.status} POST ${path} ${type} ${body.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);

    const survey = t.registry.current("prova")!;
    const draft = findDraft(t.db, token)!;
    for (const [key, value] of Object.entries(draft.answers)) expect(typeof value, key).toBe("string");
    for (const response of listResponses(t.db, "prova")) {
      const checked = validateAnswers(survey, response.answers, "it");
      expect(checked.ok).toBe(true);
      if (checked.ok) expect(checked.answers).toEqual(response.answers);
    }
  });

  it("refuses a body over the size limit with a 413 page and stores nothing", async () => {
    const t = createTestApp();
    const r = new Respondent(t.app, "prova");
    await r.start();
    const res = await request(t.app).post(`/r/${r.token}/p/profilo`).type("form").send(`commento=${"a".repeat(200_000)}`);
    expect(res.status).toBe(413);
    expect(res.text).toContain("I dati inviati sono troppi.");
    expect(findDraft(t.db, r.token)?.answers).toEqual({});
  });

  it("refuses too many fields with a 4xx page", async () => {
    const t = createTestApp();
    const r = new Respondent(t.app, "prova");
    await r.start();
    const body = Array.from({ length: 1500 }, (_, i) => `f${i}=1`).join("&");
    const res = await request(t.app).post(`/r/${r.token}/p/profilo`).type("form").send(body);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
