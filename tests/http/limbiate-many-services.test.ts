import { beforeEach, describe, expect, it } from "vitest";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { createTestApp, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { createUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { download, importCsv } from "../helpers/data.js";
import { Respondent, type Fields } from "../helpers/respondent.js";

let t: TestApp;
beforeEach(() => {
  t = createTestApp(SHIPPED_SURVEYS);
});

const part = (r: Respondent): string => /\/p\/([a-z0-9_-]+)/.exec(r.path)?.[1] ?? "";
const stepOf = (r: Respondent): string => /Passo \d+ di \d+/.exec(r.html)?.[0] ?? "";
/** The grid rows drawn on the page (field names with a slash), each answered with its first column. */
function firstColumns(html: string): Fields {
  const fields: Fields = {};
  for (const m of html.matchAll(/<input[^>]*type="radio"[^>]*name="([a-z_]+\/[a-z_]+)"[^>]*value="([^"]+)"/g))
    fields[m[1]] ??= m[2];
  return fields;
}

async function throughServices(r: Respondent, services: string[]): Promise<void> {
  await r.start();
  await r.answer({ eta: "45_64", sesso: "f", quartiere: "centro" });
  await r.answer({ contatto: "si", servizi_usati: services });
}

describe("a resident who used 9 services (the grids 4 services a page)", () => {
  const NINE = [
    "certificati",
    "residenza",
    "cie",
    "stato_civile",
    "tari",
    "imu",
    "servizi_scolastici",
    "nido",
    "tariffe_isee",
  ];

  it("goes through 3 parts of each grid page, told «Passo n di 11» throughout, the total set by the services chosen", async () => {
    const r = new Respondent(t.app, "cittadini");
    await throughServices(r, NINE);
    const seen: string[] = [];
    while (/\/p\/(esperienza|giudizio)/.test(r.path)) {
      seen.push(`${part(r)} ${stepOf(r)}`);
      const fields = firstColumns(r.html);
      expect(Object.keys(fields).length).toBeLessThanOrEqual(4 * 4);
      await r.answer(fields);
      expect(r.html).not.toContain("error-summary");
    }
    expect(seen).toEqual([
      "esperienza Passo 3 di 11",
      "esperienza-2 Passo 4 di 11",
      "esperienza-3 Passo 5 di 11",
      "giudizio Passo 6 di 11",
      "giudizio-2 Passo 7 di 11",
      "giudizio-3 Passo 8 di 11",
    ]);
    expect(part(r)).toBe("allo_sportello");
  });

  it("saved after the first part, resumes on the second part with no error, and the first part's answers are kept", async () => {
    const r = new Respondent(t.app, "cittadini");
    await throughServices(r, NINE);
    expect(part(r)).toBe("esperienza");
    await r.answer(firstColumns(r.html));
    expect(part(r)).toBe("esperienza-2");
    await r.answer({}, "save");
    const code = /class="resume-code"><strong>([0-9A-Z-]+)</.exec(r.html)![1];
    const back = new Respondent(t.app, "cittadini");
    await back.post("/s/cittadini/resume", { resumeCode: code, lang: "it" });
    expect(back.status).toBe(200);
    expect(part(back)).toBe("esperienza-2");
    expect(back.html).not.toContain("error-summary");
    // Back to the first part: its answers are there (checked), not lost by saving the second.
    await back.answer({}, "back");
    expect(part(back)).toBe("esperienza");
    const checked = [...back.html.matchAll(/<input[^>]*>/g)].filter(
      (m) => /\schecked[\s>=/]/.test(m[0]) && /name="[a-z_]+\/[a-z_]+"/.test(m[0]),
    );
    expect(checked).toHaveLength(4 * 4);
  });

  it("stores one response with every grid row, which the CSV exports and imports back byte for byte", async () => {
    const r = new Respondent(t.app, "cittadini");
    await throughServices(r, NINE);
    while (/\/p\/(esperienza|giudizio)/.test(r.path)) await r.answer(firstColumns(r.html));
    const sets = r.bestWorstSets("importanza_bw");
    await r.answer({
      "importanza_bw/version": sets.version,
      ...Object.fromEntries(
        sets.sets.flatMap((s, i) => [
          [`importanza_bw/${i + 1}/best`, s[0]],
          [`importanza_bw/${i + 1}/worst`, s[3]],
        ]),
      ),
    });
    await r.answer({});
    expect(r.path).toMatch(/riepilogo/);
    await r.submitFromSummary();
    const [stored] = listResponses(t.db, "cittadini");
    expect(stored.surveyVersion).toBe(3);
    for (const code of NINE)
      for (const q of ["volte", "uffici", "ritorni", "tempo_perso", "soddisfazione"])
        expect(stored.answers[`${q}/${code}`], `${q}/${code}`).toBeDefined();
    expect(Object.keys(stored.answers).filter((k) => k.startsWith("importanza_bw/"))).toHaveLength(11);

    await createUser(t.db, "admin");
    const admin = await signIn(t.app, "admin");
    const first = await download(t.app, admin, "/admin/questionari/cittadini/esporta.csv");
    const target = createTestApp(SHIPPED_SURVEYS);
    await createUser(target.db, "admin");
    const targetAdmin = await signIn(target.app, "admin");
    const imported = await importCsv(target.app, targetAdmin, "cittadini", first.bytes.toString("utf8"));
    expect(imported.status, imported.text.slice(0, 2000)).toBe(303);
    const second = await download(target.app, targetAdmin, "/admin/questionari/cittadini/esporta.csv");
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(listResponses(target.db, "cittadini")[0].answers).toEqual(stored.answers);
  });
});

describe("the shipped citizen questionnaire on paper and in data entry", () => {
  it("prints each version's groups from the frozen design, and the operator stores a form of 6 services and its groups", async () => {
    await createUser(t.db, "admin");
    const admin = await signIn(t.app, "admin");
    const survey = t.registry.current("cittadini")!;
    const q = survey.definition.pages.flatMap((p) => p.questions).find((x) => x.type === "maxdiff")!;
    const design = (q as { design?: string[][][] }).design!;
    const paper = await getAs(t.app, admin, "/admin/questionari/cittadini/carta?versione=5");
    expect(paper.status).toBe(200);
    expect(paper.text).toContain("Versione dei gruppi 5");
    const caption = paper.text.indexOf("Gruppo 1 di 5");
    for (const code of design[4][0]) {
      const name = survey.catalogue!.services.find((s) => s.code === code)!.name.it.replace(/'/g, "&#39;");
      expect(paper.text.indexOf(name, caption), code).toBeGreaterThan(caption);
    }

    const six = ["certificati", "residenza", "cie", "tari", "imu", "nido"];
    const fields: Record<string, string | string[]> = {
      lingua: "it",
      eta: "30_44",
      sesso: "m",
      quartiere: "pinzano",
      contatto: "si",
      servizi_usati: six,
      "importanza_bw/version": "5",
    };
    for (const code of six)
      Object.assign(fields, {
        [`volte/${code}`]: "1",
        [`uffici/${code}`]: "1",
        [`ritorni/${code}`]: "0",
        [`tempo_perso/${code}`]: "meno_30",
        [`soddisfazione/${code}`]: "8",
      });
    design[4].forEach((set, i) =>
      Object.assign(fields, { [`importanza_bw/${i + 1}/best`]: set[1], [`importanza_bw/${i + 1}/worst`]: set[2] }),
    );
    const saved = await postAs(t.app, admin, "/admin/questionari/cittadini/inserimento", fields);
    expect(saved.status, saved.text.slice(0, 1500)).toBe(303);
    const [stored] = listResponses(t.db, "cittadini");
    expect(stored.channel).toBe("paper");
    expect(stored.answers["importanza_bw/3/best"]).toBe(design[4][2][1]);
    expect(stored.answers["soddisfazione/nido"]).toBe("8");
  });
});
