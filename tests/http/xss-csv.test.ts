import Papa from "papaparse";
import { stringify } from "csv-stringify/sync";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { audit } from "../../src/admin/audit.repository.js";
import { hashPassword } from "../../src/admin/passwords.js";
import { insertUser, listUsers } from "../../src/admin/users.repository.js";
import { createAccessCodes } from "../../src/responses/access-codes.repository.js";
import { createPaperEntry } from "../../src/responses/paper-entries.repository.js";
import { countResponses } from "../../src/responses/repository.js";
import { recordResponse } from "../../src/responses/submit.service.js";
import { ACCESS } from "../../src/web/access.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { download, importCsv, type Session } from "../helpers/data.js";
import { formulaCells, hostileAnswers, hostileSurveysDir, unescapedPayloads, XSS_PAYLOADS } from "../helpers/hostile.js";
import { formBody, Respondent } from "../helpers/respondent.js";

let t: TestApp;
let admin: Session;
let params: Record<string, string>;
let respondent: Respondent;

/** The hostile world: poisoned survey texts, answers, an import, a paper entry, a user, audit lines, a designer draft. */
beforeAll(async () => {
  t = createTestApp(hostileSurveysDir());
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
  const survey = t.registry.current("prova")!;
  let responseId = "";
  for (let i = 0; i < 12; i++) {
    const at = `2026-03-${String(i + 1).padStart(2, "0")}T10:00:00.000Z`;
    const stored = recordResponse(t.db, survey, hostileAnswers(i), { channel: "web", lang: "it", startedAt: at, submittedAt: at });
    if (!stored.ok) throw new Error(`hostile answers not valid: ${JSON.stringify(stored.page)}`);
    responseId = stored.responseId;
  }
  // The CSV import: the export, with new ids, imported again (payloads in every free text).
  const exported = (await download(t.app, admin, "/admin/questionari/prova/esporta.csv")).bytes.toString("utf8").slice(1);
  const rows = Papa.parse<string[]>(exported, { skipEmptyLines: true }).data;
  const csv = stringify([rows[0], ...rows.slice(1).map((r) => ["", ...r.slice(1)])]);
  const imported = await importCsv(t.app, admin, "prova", csv);
  if (imported.status !== 303) throw new Error(`import: ${imported.status} ${imported.text.slice(0, 2000)}`);
  const entryId = createPaperEntry(t.db, { surveyId: "prova", surveyVersion: 1, answers: hostileAnswers(3), enteredBy: "admin" }).id;
  insertUser(t.db, { username: "ostile", displayName: XSS_PAYLOADS[1], passwordHash: await hashPassword("una frase abbastanza lunga"), role: "giunta" });
  audit(t.db, { username: "admin", action: XSS_PAYLOADS[0], target: XSS_PAYLOADS[4], details: XSS_PAYLOADS[2] });
  await request(t.app).post("/admin/designer/prova/modifica").set("Cookie", admin.cookie).type("form").send(formBody({ _csrf: admin.csrf }));
  // A margins file whose name is a payload (shown back on the page).
  await request(t.app).post("/admin/questionari/prova/margini").set("Cookie", admin.cookie).type("form").send(formBody({ _csrf: admin.csrf, name: XSS_PAYLOADS[3], csv: "variabile,categoria,popolazione\n", source: XSS_PAYLOADS[5], kind: "illustrativi" }));
  params = { surveyId: "prova", responseId, entryId, catalogueId: "catalogo_prova", code: "cie", version: "1", pageId: "profilo", questionId: "quartiere", id: String(listUsers(t.db).find((u) => u.username === "ostile")!.id) };
  // A respondent half-way, with payloads in the "other" fields, for the questionnaire's own pages.
  respondent = new Respondent(t.app, "prova");
  await respondent.start();
  const a = hostileAnswers(5);
  await respondent.answer({ eta: a.eta, quartiere: a.quartiere, "quartiere/other": a["quartiere/other"] });
  await respondent.answer({ usati: ["cie", "other"], "usati/other": a["usati/other"] });
  await respondent.answer({ "soddisfazione/cie": "7" });
  await respondent.answer({ "classifica/1": "cie", "classifica/2": "imu", orari: "sabato" });
  await respondent.answer({ nome_ufficio: a.nome_ufficio, commento: a.commento });
}, 60_000);

const urlOf = (path: string) => path.replace(/:([A-Za-z]+)/g, (_, n: string) => params[n] ?? n);

/** Every page a person can see: the public ones and every GET route of ACCESS, as an admin. */
function pages(): { path: string; cookie?: string }[] {
  const token = respondent.token;
  const publicPages = ["/", "/s/prova", "/s/prova?lang=en", "/kiosk/prova", "/s/personale_prova", `/r/${token}/p/profilo`, `/r/${token}/p/servizi`, `/r/${token}/p/altro`,
    `/r/${token}/riepilogo`, `/r/${token}/riepilogo?lang=en`, `/r/${token}/salvato`, `/r/${token}/p/profilo?check=1`].map((path) => ({ path }));
  const admin_ = Object.keys(ACCESS).filter((k) => k.startsWith("GET ")).map((k) => ({ path: urlOf(k.slice(4)), cookie: admin.cookie }));
  const extra = ["/admin/questionari/prova/risposte?canale=web", "/admin/designer/prova/anteprima?lang=en", "/admin/questionari/prova/carta?lang=en", `/admin/risposte/${params.responseId}?lang=en`].map((path) => ({ path, cookie: admin.cookie }));
  return [...publicPages, ...admin_, ...extra];
}

describe("XSS: payloads in survey texts, answers, other fields, imports, names and file names are inert", () => {
  it("no page renders a payload as markup", async () => {
    const failures: string[] = [];
    let html = 0;
    let escapedSeen = 0;
    for (const { path, cookie } of pages()) {
      const req = request(t.app).get(path);
      const res = cookie ? await req.set("Cookie", cookie) : await req;
      expect(res.status, path).toBeLessThan(500);
      if (!/html/.test(String(res.headers["content-type"]))) continue;
      html++;
      if (res.text.includes("&lt;script&gt;window.__xss=1&lt;/script&gt;")) escapedSeen++;
      const found = unescapedPayloads(res.text);
      if (found.length) failures.push(`${path}: ${found.join(" | ")}`);
    }
    expect(failures).toEqual([]);
    expect(html).toBeGreaterThan(40);
    // Not vacuous: the payloads did reach the pages, as text.
    expect(escapedSeen).toBeGreaterThan(10);
  });

  it("the report's JSON carries payloads as JSON strings, served as JSON (never HTML)", async () => {
    const res = await request(t.app).get("/reports/prova.json").set("Cookie", admin.cookie);
    if (res.status === 200) expect(res.headers["content-type"]).toMatch(/^application\/json/);
  });
});

describe("CSV injection: every CSV the app produces", () => {
  it("neutralises cells a spreadsheet would run as formulas", async () => {
    const csvs: { what: string; text: string }[] = [];
    for (const key of Object.keys(ACCESS).filter((k) => k.startsWith("GET "))) {
      const path = urlOf(key.slice(4));
      const res = await download(t.app, admin, path);
      if (res.type.startsWith("text/csv")) csvs.push({ what: path, text: res.bytes.toString("utf8") });
      else expect(path.endsWith(".csv") && res.status === 200, `${path} is a CSV route but answered ${res.type}`).toBe(false);
    }
    // The access codes CSV is a POST (the codes exist only in the page that generated them).
    const codes = createAccessCodes(t.db, "personale_prova", 3);
    const posted = await request(t.app).post("/admin/questionari/personale_prova/codici/csv").set("Cookie", admin.cookie).set("Host", "=cmd|' /C calc'!A0")
      .type("form").send(formBody({ _csrf: admin.csrf, codici: codes.join("") }));
    expect(posted.status).toBe(200);
    expect(String(posted.headers["content-type"])).toMatch(/^text\/csv/);
    csvs.push({ what: "codici/csv", text: posted.text });

    const routes = csvs.map((c) => c.what);
    expect(routes).toEqual(expect.arrayContaining(["/admin/questionari/prova/esporta.csv", "/admin/questionari/prova/codebook.csv", "codici/csv"]));
    const failures = csvs.flatMap(({ what, text }) => formulaCells(text).map((cell) => `${what}: ${JSON.stringify(cell)}`));
    expect(failures).toEqual([]);
    // Not vacuous: the export and the codebook did carry formula payloads, neutralised.
    const all = csvs.map((c) => c.text).join("\n");
    expect(all).toContain("'=HYPERLINK(");
    expect(countResponses(t.db, "prova")).toBe(24);
  });
});
