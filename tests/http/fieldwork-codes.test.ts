import { beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import Papa from "papaparse";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { countAccessCodeStates, createAccessCodes } from "../../src/storage/sqlite-access-codes.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { formBody, Respondent, type Fields } from "../helpers/respondent.js";

const CODES = "/admin/questionari/personale_prova/codici";

let t: TestApp;
let admin: { cookie: string; csrf: string };
beforeEach(async () => {
  t = createTestApp();
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
});

function post(path: string, fields: Fields) {
  return request(t.app)
    .post(path)
    .set("Cookie", admin.cookie)
    .type("form")
    .send(formBody({ ...fields, _csrf: admin.csrf }));
}

/** Generates codes through the page and returns them as shown, with the packed field the page posts on. */
async function generate(count: number): Promise<{ codes: string[]; packed: string; html: string }> {
  const res = await post(CODES, { count: String(count) });
  expect(res.status).toBe(200);
  expect(res.headers["cache-control"]).toBe("no-store");
  const codes = [...res.text.matchAll(/<li><code>([0-9A-Z]{5}-[0-9A-Z]{5})<\/code><\/li>/g)].map((m) => m[1]);
  const packed = /name="codici" value="([0-9A-Z]+)"/.exec(res.text)![1];
  return { codes, packed, html: res.text };
}

async function answerWith(code: string): Promise<Respondent> {
  const r = new Respondent(t.app, "personale_prova", { code });
  await r.start();
  if (r.status === 200 && r.pageId === "area") {
    await r.answer({ area: "tributi" });
    await r.answer({ "gravita/tari": "4", "gravita/imu": "2" });
    await r.submitFromSummary();
  }
  return r;
}

describe("access codes from the administration", () => {
  it("generates N codes shown once, downloads them as CSV and prints them as A4 sheets of 24 slips", async () => {
    const { codes, packed, html } = await generate(30);
    expect(new Set(codes).size).toBe(30);
    expect(html).toContain("I codici sono mostrati ora e mai più.");
    expect(countAccessCodeStates(t.db, "personale_prova")).toEqual({ total: 30, used: 0, revoked: 0, unused: 30 });
    // The clear codes are nowhere on the server: only their hashes.
    const stored = JSON.stringify(t.db.$client.prepare("SELECT * FROM access_codes").all());
    for (const code of codes) expect(stored).not.toContain(code);

    const csv = await post(`${CODES}/csv`, { codici: packed });
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    expect(csv.headers["content-disposition"]).toMatch(
      /^attachment; filename="?codici-personale_prova-\d{4}-\d{2}-\d{2}\.csv/,
    );
    const rows = Papa.parse<Record<string, string>>(csv.text, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => r.codice)).toEqual(codes);
    expect(rows[0].indirizzo).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\/personale_prova$/);

    const sheet = await post(`${CODES}/stampa`, { codici: packed });
    expect(sheet.status).toBe(200);
    const slips = [...sheet.text.matchAll(/<p class="slip-code">([^<]+)<\/p>/g)].map((m) => m[1]);
    expect(slips).toEqual(codes);
    expect(sheet.text.match(/<ul class="slips-sheet"/g)).toHaveLength(2); // 24 + 6
    expect(sheet.text.match(/<p class="slip-title">Questionario del personale \(prova\)<\/p>/g)).toHaveLength(30);
    expect(sheet.text).toMatch(/<p class="slip-url">http:\/\/127\.0\.0\.1:\d+\/s\/personale_prova<\/p>/);
    expect(sheet.text).toContain(
      "Apra l'indirizzo e scriva il codice: vale una sola volta e non è collegato alle risposte.",
    );

    // A generated code works once.
    expect((await answerWith(codes[0])).path).toMatch(/grazie$/);
    expect((await answerWith(codes[0])).status).toBe(422);
    const actions = listAudit(t.db).filter((a) => a.action.startsWith("codici."));
    expect(actions.map((a) => a.action).sort()).toEqual(["codici.generati", "codici.scaricati", "codici.stampati"]);
    // The log says how many, never which.
    for (const code of codes) expect(JSON.stringify(listAudit(t.db))).not.toContain(code);
  });

  it("carries 10,000 codes through the hidden field within the body limit", async () => {
    const { codes, packed } = await generate(10_000);
    expect(codes).toHaveLength(10_000);
    const csv = await post(`${CODES}/csv`, { codici: packed });
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split("\n")).toHaveLength(10_001);
    expect((await post(CODES, { count: "10001" })).status).toBe(422);
  });

  it("refuses a bad count, codes for a public survey, and prints the codes of this survey whether used or not (no used/unused oracle)", async () => {
    for (const count of ["0", "", "abc", "2.5", "10001"]) {
      const res = await post(CODES, { count });
      expect(res.status).toBe(422);
      expect(res.text).toContain("Indichi quanti codici generare: un numero intero da 1 a 10.000.");
    }
    expect((await post("/admin/questionari/prova/codici", { count: "5" })).status).toBe(409);
    expect(countAccessCodeStates(t.db, "prova").total).toBe(0);

    const { codes, packed } = await generate(3);
    await answerWith(codes[1]);
    const [other] = createAccessCodes(t.db, "altro", 1);
    const sheet = await post(`${CODES}/stampa`, { codici: packed + other.replace("-", "") });
    expect([...sheet.text.matchAll(/<p class="slip-code">([^<]+)<\/p>/g)].map((m) => m[1])).toEqual(codes);
    expect(sheet.text).toContain("1 codici non sono stati inclusi perché non appartengono a questo questionario");
    // One code at a time: the same answer for a used and an unused code, and each check is in the audit log.
    const before = listAudit(t.db).length;
    for (const format of ["stampa", "csv"]) {
      const used = await post(`${CODES}/${format}`, { codici: codes[1].replace("-", "") });
      const unused = await post(`${CODES}/${format}`, { codici: codes[0].replace("-", "") });
      expect([used.status, unused.status]).toEqual([200, 200]);
      const same = (text: string, code: string): string =>
        text.replace(code, "X").replace(/http:\/\/127\.0\.0\.1:\d+/g, "");
      expect(same(used.text, codes[1])).toBe(same(unused.text, codes[0]));
    }
    // Codes that are not this survey's, or no codes at all, print nothing (and are audited too).
    expect((await post(`${CODES}/stampa`, { codici: other.replace("-", "") })).status).toBe(409);
    expect((await post(`${CODES}/csv`, { codici: "" })).status).toBe(422);
    expect((await post(`${CODES}/csv`, { codici: "<script>" })).status).toBe(422);
    expect(listAudit(t.db).length - before).toBe(7);
  });

  it("revokes a typed code, which then can't start the survey; a used code's answers stay and its state is not told; all unused at once", async () => {
    const { codes } = await generate(4);
    const revoked = await post(`${CODES}/revoca`, { codice: codes[0].toLowerCase().replace("-", " ") });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.location).toBe(`${CODES}?revocato=1`);
    const refused = await answerWith(codes[0]);
    expect(refused.status).toBe(422);
    expect(refused.html).toContain("Il codice non è valido oppure è già stato usato.");

    await answerWith(codes[1]);
    // Revoking a used code answers as for any other: no silent «is this code used?» oracle; every attempt is audited.
    const before = listAudit(t.db).length;
    const used = await post(`${CODES}/revoca`, { codice: codes[1] });
    expect(used.status).toBe(303);
    expect(used.headers.location).toBe(`${CODES}?revocato=1`);
    expect((await post(`${CODES}/revoca`, { codice: codes[0] })).status).toBe(303);
    expect((await post(`${CODES}/revoca`, { codice: "AAAAA-AAAAA" })).status).toBe(422);
    expect(listAudit(t.db).length - before).toBe(3);
    expect((await post(`${CODES}/revoca`, { codice: "corto" })).status).toBe(422);

    expect((await post(`${CODES}/revoca`, { tutti: "1" })).status).toBe(422);
    const all = await post(`${CODES}/revoca`, { tutti: "1", conferma: "1" });
    expect(all.headers.location).toBe(`${CODES}?revocati=2`);
    expect(countAccessCodeStates(t.db, "personale_prova")).toEqual({ total: 4, used: 1, revoked: 3, unused: 0 });
    expect(listResponses(t.db, "personale_prova")).toHaveLength(1);
    expect((await answerWith(codes[3])).status).toBe(422);
    expect(listResponses(t.db, "personale_prova")).toHaveLength(1);
    expect(JSON.stringify(listAudit(t.db))).not.toContain(codes[0]);
  });

  it("shows used and unused counts, never which code gave which answers", async () => {
    const { codes } = await generate(5);
    await answerWith(codes[2]);
    await post(`${CODES}/revoca`, { codice: codes[4] });
    for (const path of ["/admin/questionari/personale_prova", CODES, "/admin"]) {
      const res = await request(t.app).get(path).set("Cookie", admin.cookie);
      expect(res.status).toBe(200);
      for (const code of codes) expect(res.text).not.toContain(code);
    }
    const page = await request(t.app).get("/admin/questionari/personale_prova").set("Cookie", admin.cookie);
    expect(page.text).toMatch(
      /<dt>Usati<\/dt><dd>1<\/dd>\s*<dt>Non ancora usati<\/dt><dd>3<\/dd>\s*<dt>Revocati<\/dt><dd>1<\/dd>/,
    );
    // What is stored can't link them either: a code row has no time and no response, a response no code.
    const columns = (table: string): string[] =>
      (t.db.$client.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns("access_codes")).toEqual(["code_hash", "survey_id", "used", "revoked", "created_at"]);
    expect(columns("responses")).not.toContain("code_hash");
  });
});

describe("counts on the codes page", () => {
  it("are written the Italian way, with the thousands dot (1.234), as the report writes them", async () => {
    createAccessCodes(t.db, "personale_prova", 1234);
    const res = await request(t.app).get(CODES).set("Cookie", admin.cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain("Da 1 a 10.000");
    expect(res.text).toMatch(/<dt>Generati<\/dt><dd>1\.234<\/dd>/);
  });
});
