/**
 * The hostile world shared by the HTTP and browser XSS tests: poisoned survey texts (hostile.ts),
 * stored answers, a CSV import, a paper entry, a user, audit lines, a designer draft, a margins
 * file name, and a respondent half-way; `pages()` lists every page that shows any of it.
 */
import Papa from "papaparse";
import { stringify } from "csv-stringify/sync";
import request from "supertest";
import { audit } from "../../src/storage/sqlite-audit.js";
import { hashPassword } from "../../src/admin/passwords.js";
import { insertUser, listUsers } from "../../src/storage/sqlite-users.js";
import { createPaperEntry } from "../../src/storage/sqlite-paper-entries.js";
import { recordResponse } from "../../src/storage/sqlite-submit.js";
import { ACCESS } from "../../src/web/common/access.js";
import { createTestApp, type TestApp } from "./app.js";
import { createUser, signIn } from "./auth.js";
import { download, importCsv, type Session } from "./data.js";
import { hostileAnswers, hostileSurveysDir, XSS_PAYLOADS } from "./hostile.js";
import { formBody, Respondent } from "./respondent.js";

export interface HostileWorld {
  t: TestApp;
  admin: Session;
  params: Record<string, string>;
  token: string;
  urlOf(path: string): string;
  pages(): { path: string; admin: boolean }[];
}

/** `assetsDir`: the built page assets, for the browser test. */
export async function buildHostileWorld(assetsDir?: string): Promise<HostileWorld> {
  const t = createTestApp(hostileSurveysDir(), ":memory:", assetsDir);
  await createUser(t.db, "admin");
  const admin = await signIn(t.app, "admin");
  const survey = t.registry.current("prova")!;
  let responseId = "";
  for (let i = 0; i < 12; i++) {
    const at = `2026-03-${String(i + 1).padStart(2, "0")}T10:00:00.000Z`;
    const stored = recordResponse(t.db, survey, hostileAnswers(i), {
      channel: "web",
      lang: "it",
      startedAt: at,
      submittedAt: at,
    });
    if (!stored.ok) throw new Error(`hostile answers not valid: ${JSON.stringify(stored.page)}`);
    responseId = stored.responseId;
  }
  // The CSV import: the export, with new ids, imported again (payloads in every free text).
  const exported = (await download(t.app, admin, "/admin/questionari/prova/esporta.csv")).bytes
    .toString("utf8")
    .slice(1);
  const rows = Papa.parse<string[]>(exported, { skipEmptyLines: true }).data;
  const csv = stringify([rows[0], ...rows.slice(1).map((r) => ["", ...r.slice(1)])]);
  const imported = await importCsv(t.app, admin, "prova", csv);
  if (imported.status !== 303) throw new Error(`import: ${imported.status} ${imported.text.slice(0, 2000)}`);
  const entryId = createPaperEntry(t.db, {
    surveyId: "prova",
    surveyVersion: 1,
    answers: hostileAnswers(3),
    enteredBy: "admin",
  }).id;
  insertUser(t.db, {
    username: "ostile",
    displayName: XSS_PAYLOADS[1],
    passwordHash: await hashPassword("una frase abbastanza lunga"),
    role: "giunta",
  });
  audit(t.db, { username: "admin", action: XSS_PAYLOADS[0], target: XSS_PAYLOADS[4], details: XSS_PAYLOADS[2] });
  await request(t.app)
    .post("/admin/designer/prova/modifica")
    .set("Cookie", admin.cookie)
    .type("form")
    .send(formBody({ _csrf: admin.csrf }));
  // A margins file whose name is a payload (shown back on the page).
  await request(t.app)
    .post("/admin/questionari/prova/margini")
    .set("Cookie", admin.cookie)
    .type("form")
    .send(
      formBody({
        _csrf: admin.csrf,
        name: XSS_PAYLOADS[3],
        csv: "variabile,categoria,popolazione\n",
        source: XSS_PAYLOADS[5],
        kind: "illustrativi",
      }),
    );
  const params: Record<string, string> = {
    surveyId: "prova",
    responseId,
    entryId,
    catalogueId: "catalogo_prova",
    code: "cie",
    version: "1",
    pageId: "profilo",
    questionId: "quartiere",
    id: String(listUsers(t.db).find((u) => u.username === "ostile")!.id),
  };
  // A respondent half-way, with payloads in the "other" fields, for the questionnaire's own pages.
  const respondent = new Respondent(t.app, "prova");
  await respondent.start();
  const a = hostileAnswers(5);
  await respondent.answer({ eta: a.eta, quartiere: a.quartiere, "quartiere/other": a["quartiere/other"] });
  await respondent.answer({ usati: ["cie", "other"], "usati/other": a["usati/other"] });
  await respondent.answer({ "soddisfazione/cie": "7" });
  await respondent.answer({ "classifica/1": "cie", "classifica/2": "imu", orari: "sabato" });
  await respondent.answer({ nome_ufficio: a.nome_ufficio, commento: a.commento });
  const token = respondent.token;
  const urlOf = (path: string) => path.replace(/:([A-Za-z]+)/g, (_, n: string) => params[n] ?? n);
  return {
    t,
    admin,
    params,
    token,
    urlOf,
    /** Every page a person can see: the public ones and every GET route of ACCESS (as an admin). */
    pages() {
      const publicPages = [
        "/",
        "/s/prova",
        "/s/prova?lang=en",
        "/kiosk/prova",
        "/s/personale_prova",
        `/r/${token}/p/profilo`,
        `/r/${token}/p/servizi`,
        `/r/${token}/p/altro`,
        `/r/${token}/riepilogo`,
        `/r/${token}/riepilogo?lang=en`,
        `/r/${token}/salvato`,
        `/r/${token}/p/profilo?check=1`,
      ].map((path) => ({ path, admin: false }));
      const adminPages = Object.keys(ACCESS)
        .filter((k) => k.startsWith("GET "))
        .map((k) => ({ path: urlOf(k.slice(4)), admin: true }));
      const extra = [
        "/admin/questionari/prova/risposte?canale=web",
        "/admin/designer/prova/anteprima?lang=en",
        "/admin/questionari/prova/carta?lang=en",
        `/admin/risposte/${responseId}?lang=en`,
      ].map((path) => ({ path, admin: true }));
      return [...publicPages, ...adminPages, ...extra];
    },
  };
}
