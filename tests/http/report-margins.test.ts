import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { readStoredMargins, saveReportSettings } from "../../src/storage/sqlite-report-settings.js";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";
import { recordResponse } from "../../src/storage/sqlite-submit.js";
import { createTestApp, SHIPPED_MARGINS, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { formBody } from "../helpers/respondent.js";
import { syntheticSample } from "../report/fixtures.js";

let t: TestApp;
let admin: { cookie: string; csrf: string };
const PAGE = "/admin/questionari/cittadini/margini";
const SHIPPED = readFileSync(SHIPPED_MARGINS, "utf8");
// Real-looking figures: every count doubled, so both margins still agree.
const DOUBLED = SHIPPED.replace(/,(\d+)$/gm, (_, n: string) => `,${Number(n) * 2}`);

beforeAll(async () => {
  t = createTestApp(SHIPPED_SURVEYS);
  const sample = syntheticSample(120, 20, 13);
  t.db.transaction((tx) => {
    for (const r of [...sample.citizens, ...sample.staff]) {
      const stored = recordResponse(tx, t.registry.current(r.surveyId)!, r.answers, {
        channel: r.channel,
        lang: r.lang,
        startedAt: r.startedAt,
        submittedAt: r.submittedAt,
        synthetic: true,
      });
      if (!stored.ok) throw new Error(JSON.stringify(stored.page));
    }
  });
  saveReportSettings(t.db, "cittadini", { ...DEFAULT_SETTINGS, replicates: 200 }, "test");
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
});

const post = (path: string, fields: Record<string, string>) =>
  request(t.app)
    .post(path)
    .set("Cookie", admin.cookie)
    .type("form")
    .send(formBody({ _csrf: admin.csrf, ...fields }));
const report = async () => (await request(t.app).get("/reports/cittadini.json").set("Cookie", admin.cookie)).body;
const marginActions = () => listAudit(t.db).filter((e) => e.action.startsWith("rapporto.margini"));

describe("census margins upload", () => {
  it("shows the margins in use: the shipped file, illustrative, with its table and totals", async () => {
    const res = await request(t.app).get(PAGE).set("Cookie", admin.cookie);
    expect(res.status).toBe(200);
    expect(res.text).toContain("<code>limbiate.csv</code> (file predefinito dell&#39;installazione)");
    expect(res.text).toContain("Illustrativi: non sono dati verificati");
    expect(res.text).toContain("<caption>Margine «quartiere»: popolazione per categoria</caption>");
    expect(res.text).toContain('<code>chalet_laghetto</code></th><td class="text-end">880</td>');
    expect(res.text).toContain("<strong>29.300</strong>");
    expect(res.text).not.toContain("Torna al file predefinito");
    // Sex «altro» and «preferisco non dire» have no census category: said, not hidden.
    expect(res.text).toMatch(/«sesso» nel margine «eta\*sesso»: <code>altro<\/code>, <code>non_dire<\/code>/);
    expect(res.text).not.toContain("«quartiere» nel margine");
  });

  it("lists the problems of a bad file by line and stores nothing", async () => {
    const bad = SHIPPED.replace("quartiere,mombello,3810", "quartiere,Mombello,3810").replace(
      "eta*sesso,30_44*f,3010",
      "eta*sesso,30_44*f,-3",
    );
    const res = await post(PAGE, { csv: bad, source: "Anagrafe", kind: "verificati", name: "nuovi.csv" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("I margini non sono stati salvati");
    expect(res.text).toContain("Riga 4: la popolazione deve essere un numero non negativo.");
    expect(res.text).toContain("Riga 14: la categoria «Mombello» non è tra le risposte possibili di «quartiere».");
    // What was pasted comes back for correction.
    expect(res.text).toContain("quartiere,Mombello,3810");
    expect(readStoredMargins(t.db, "cittadini")).toBeUndefined();
    expect(marginActions()).toEqual([]);
  });

  it("refuses all-zero, empty, non-finite and absurd populations", async () => {
    const zero = SHIPPED.replace(/,(\d+)$/gm, ",0");
    const res = await post(PAGE, { csv: zero, source: "Anagrafe", kind: "verificati", name: "zeri.csv" });
    expect(res.status).toBe(422);
    expect(res.text).toContain("somma 0: servono le popolazioni delle categorie");
    for (const [value, message] of [
      ["1e308", "deve essere un numero non negativo"],
      ["", "deve essere un numero non negativo"],
      ["Infinity", "deve essere un numero non negativo"],
      ["NaN", "deve essere un numero non negativo"],
      ["900000000", "non è plausibile per un comune"],
    ]) {
      const bad = SHIPPED.replace("quartiere,mombello,3810", `quartiere,mombello,${value}`);
      const refused = await post(PAGE, { csv: bad, source: "Anagrafe", kind: "verificati", name: "x.csv" });
      expect(refused.status, value).toBe(422);
      expect(refused.text, value).toContain(message);
    }
    expect(readStoredMargins(t.db, "cittadini")).toBeUndefined();
  });

  it("needs the source and the choice verified / illustrative", async () => {
    const res = await post(PAGE, { csv: DOUBLED, source: " ", name: "" });
    expect(res.status).toBe(422);
    expect(res.text).toContain('<p class="field-error" id="e-source">Indichi la fonte dei dati');
    expect(res.text).toContain(
      '<p class="field-error" id="e-kind">Scelga se i dati sono verificati o illustrativi.</p>',
    );
    expect(readStoredMargins(t.db, "cittadini")).toBeUndefined();
  });

  it("stores a good file, which the next report uses, marked verified as chosen", async () => {
    const before = await report();
    const res = await post(PAGE, {
      csv: DOUBLED,
      source: "Servizi demografici, residenti al 31/12/2025",
      kind: "verificati",
      name: "C:\\dati\\limbiate-2025.csv",
    });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${PAGE}?salvato=1`);
    expect(readStoredMargins(t.db, "cittadini")).toMatchObject({
      name: "limbiate-2025.csv",
      illustrative: false,
      uploadedBy: "admin",
    });
    const after = await report();
    expect(after.margins).toEqual({
      file: "limbiate-2025.csv",
      illustrative: false,
      source: "Servizi demografici, residenti al 31/12/2025",
    });
    const row = after.sample.find((s: { category: string }) => s.category === "centro");
    expect(row.population).toBe(
      2 * before.sample.find((s: { category: string }) => s.category === "centro").population,
    );
    expect(marginActions()[0]).toMatchObject({ action: "rapporto.margini", target: "cittadini" });
    expect(marginActions()[0].details).toContain(
      "file predefinito → «limbiate-2025.csv» (20 categorie; dati verificati",
    );

    const page = await request(t.app).get(`${PAGE}?salvato=1`).set("Cookie", admin.cookie);
    expect(page.text).toContain("Dati verificati (anagrafe/ISTAT)");
    expect(page.text).toContain("<strong>58.600</strong>");
  });

  it("follows the illustrative choice", async () => {
    expect((await post(PAGE, { csv: SHIPPED, source: "Stima", kind: "illustrativi", name: "" })).status).toBe(303);
    const stored = readStoredMargins(t.db, "cittadini")!;
    expect(stored.illustrative).toBe(true);
    expect(stored.name).toMatch(/^margini-cittadini-\d{4}-\d{2}-\d{2}\.csv$/);
    expect((await report()).margins).toMatchObject({ illustrative: true, source: "Stima" });
  });

  it("accepts a pasted file larger than the global form limit (its own parser)", async () => {
    const padded = SHIPPED + "\n".repeat(150_000);
    const res = await post(PAGE, { csv: padded, source: "Anagrafe", kind: "verificati", name: "grande.csv" });
    expect(res.status).toBe(303);
    expect(readStoredMargins(t.db, "cittadini")!.name).toBe("grande.csv");
  });

  it("goes back to the shipped file, audited", async () => {
    const page = await request(t.app).get(PAGE).set("Cookie", admin.cookie);
    expect(page.text).toContain("Torna al file predefinito");
    const res = await post(`${PAGE}/predefiniti`, {});
    expect(res.status).toBe(303);
    expect(readStoredMargins(t.db, "cittadini")).toBeUndefined();
    expect((await report()).margins).toMatchObject({ file: "limbiate.csv", illustrative: true });
    expect(marginActions()[0]).toMatchObject({
      action: "rapporto.margini.predefiniti",
      details: "«grande.csv» → file predefinito",
    });
  });

  it("names the answers a stored file leaves without a census category", async () => {
    const withoutChalet = DOUBLED.replace(/^quartiere,chalet_laghetto,.*\n/m, "").replace(
      "quartiere,centro,17580",
      `quartiere,centro,${17580 + 1760}`,
    );
    expect(
      (await post(PAGE, { csv: withoutChalet, source: "Prova", kind: "illustrativi", name: "senza.csv" })).status,
    ).toBe(303);
    const page = await request(t.app).get(PAGE).set("Cookie", admin.cookie);
    expect(page.text).toContain("«quartiere» nel margine «quartiere»: <code>chalet_laghetto</code>");
    expect((await post(`${PAGE}/predefiniti`, {})).status).toBe(303);
  });

  it("shows the weighting's diagnosis, the same as the report's: margins that conflict publish no ranking", async () => {
    const fine = await request(t.app).get(PAGE).set("Cookie", admin.cookie);
    expect(fine.text).toContain('data-diagnosis="ok"');
    expect(fine.text).toMatch(/peso più grande [\d,]+ volte il peso medio \(entro i limiti impostati\)/);
    // A sex margin whose split disagrees with the age × sex one: no weights meet both.
    const conflicting = `${SHIPPED.trimEnd()}\nsesso,f,9000\nsesso,m,20300\n`;
    expect(
      (await post(PAGE, { csv: conflicting, source: "Prova", kind: "illustrativi", name: "conflitto.csv" })).status,
    ).toBe(303);
    const page = await request(t.app).get(PAGE).set("Cookie", admin.cookie);
    expect(page.text).toContain('data-diagnosis="withheld"');
    expect(page.text).toContain("I margini «eta × sesso» e «sesso» non si possono rispettare insieme");
    const json = await report();
    expect(json.ranking).toEqual([]);
    expect(json.rankingWithheld).toContain("I margini «eta × sesso» e «sesso» non si possono rispettare insieme");
    const html = await request(t.app).get("/reports/cittadini").set("Cookie", admin.cookie);
    expect(html.text).toContain("La graduatoria non è pubblicata.");
    expect((await post(`${PAGE}/predefiniti`, {})).status).toBe(303);
  });
});
