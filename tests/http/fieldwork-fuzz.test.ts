import { describe, expect, it } from "vitest";
import request from "supertest";
import { createPaperEntry, listPaperEntries } from "../../src/storage/sqlite-paper-entries.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { validateAnswers } from "../../src/surveys/validate.js";
import { createTestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";

/** mulberry32, as in fuzz.test.ts: a failing case can be replayed from its seed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = [
  "status",
  "opensAt",
  "closesAt",
  "count",
  "codici",
  "codice",
  "tutti",
  "conferma",
  "doppio",
  "lingua",
  "azione",
  "scelta_importanza",
  "scelta_eta",
  "eta",
  "quartiere",
  "figli",
  "usati",
  "soddisfazione/cie",
  "classifica/1",
  "orari",
  "commento",
  "__proto__",
  "x[0]",
  "",
];
const VALUES = [
  "",
  "1",
  "open",
  "draft",
  "closed",
  "2026-03-01T09:00",
  "2026-02-30T25:61",
  "0",
  "10000",
  "10001",
  "99999999999",
  "-5",
  "1e3",
  "AAAAAAAAAA",
  "AAAAA-AAAAA",
  "prima",
  "seconda",
  "ripeti",
  "it",
  "en",
  "18_44",
  "cie",
  "mattina",
  "\u0000",
  "😀".repeat(200),
  "<script>",
  "a".repeat(5000),
];

describe("random bodies on the fieldwork forms", () => {
  it("never get a 5xx and never store a paper response that breaks the rules", async () => {
    const t = createTestApp();
    await createUser(t.db, "admin");
    const admin = await signIn(t.app, "admin");
    const entry = createPaperEntry(t.db, {
      surveyId: "prova",
      surveyVersion: 1,
      answers: { eta: "18_44" },
      enteredBy: "admin",
    });
    const paths = [
      "/admin/questionari/prova/stato",
      "/admin/questionari/personale_prova/codici",
      "/admin/questionari/personale_prova/codici/csv",
      "/admin/questionari/personale_prova/codici/stampa",
      "/admin/questionari/personale_prova/codici/revoca",
      "/admin/questionari/prova/inserimento",
      `/admin/questionari/prova/inserimento/${entry.id}`,
      `/admin/questionari/prova/inserimento/${entry.id}/risolvi`,
      "/kiosk/prova/start",
    ];
    const rand = prng(20261127);
    for (let i = 0; i < 250; i++) {
      const parts = [`_csrf=${admin.csrf}`];
      const n = Math.floor(rand() * 10);
      for (let j = 0; j < n; j++) {
        const key = KEYS[Math.floor(rand() * KEYS.length)];
        parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(VALUES[Math.floor(rand() * VALUES.length)])}`);
      }
      const path = paths[Math.floor(rand() * paths.length)];
      const res = await request(t.app).post(path).set("Cookie", admin.cookie).type("form").send(parts.join("&"));
      expect(res.status, `${path} ${parts.join("&")}`).toBeLessThan(500);
    }
    const survey = t.registry.current("prova")!;
    for (const r of listResponses(t.db, "prova"))
      expect(validateAnswers(survey, r.answers, "it")).toEqual({ ok: true, answers: r.answers });
    // A pending entry holds answers that passed the rules too.
    for (const e of listPaperEntries(t.db, "prova").filter((p) => p.id !== entry.id))
      expect(validateAnswers(survey, e.answers, "it").ok).toBe(true);
  });
});
