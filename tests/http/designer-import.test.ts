import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { findSurveyDraft } from "../../src/storage/sqlite-designer.js";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { sampleFiles } from "../helpers/samples.js";

let t: TestApp;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  t = createTestApp();
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
});

function upload(format: string, file: Buffer | null, name: string, id = "") {
  const req = request(t.app)
    .post("/admin/designer/importa")
    .set("Cookie", admin.cookie)
    .field("_csrf", admin.csrf)
    .field("format", format)
    .field("id", id);
  return file ? req.attach("file", file, name) : req;
}

const samples = [...sampleFiles("lss").map((f) => ["lss", f]), ...sampleFiles("xlsform").map((f) => ["xlsform", f])];

describe.skipIf(!samples.length)("importing real LimeSurvey and XLSForm files from the designer", () => {
  samples.forEach(([format, path], n) => {
    it(`${basename(path)}: a draft that previews and publishes, with the itemised list of what was left out`, async () => {
      const id = `importato_${n}`;
      const res = await upload(format, readFileSync(path), basename(path), id);
      expect(res.status).toBe(200);
      expect(res.text).toContain("Questionario importato nella bozza");
      const stored = findSurveyDraft(t.db, id);
      expect(stored).toBeDefined();
      // Never published by the import itself.
      expect(t.registry.current(id)).toBeUndefined();
      const questions = stored!.draft.pages.flatMap((p) => p.questions);
      expect(questions.length).toBeGreaterThan(0);
      // Every text has both languages.
      for (const q of questions) expect(q.label.it && q.label.en).toBeTruthy();
      if (res.text.includes('id="non-importato"'))
        expect(res.text).toMatch(/<th scope="row"><code>[^<]+<\/code><\/th><td>[^<]+<\/td>/);
      expect(listAudit(t.db).some((a) => a.action === "progettazione.importato" && a.target === id)).toBe(true);

      const preview = await getAs(t.app, admin, `/admin/designer/${id}/anteprima`);
      expect(preview.status).toBe(200);
      expect(preview.text).toContain(questions[0].label.it.replace(/&/g, "&amp;").slice(0, 20));

      const published = await postAs(t.app, admin, `/admin/designer/${id}/pubblica`, {});
      expect(published.status).toBe(303);
      expect(t.registry.current(id)?.definition.version).toBe(1);
      expect(findSurveyDraft(t.db, id)).toBeUndefined();
      expect((await request(t.app).get(`/s/${id}`)).status).toBe(200);
    });
  });

  it("lists the LimeSurvey demo's unmapped items with their codes", async () => {
    const path = samples.find(([, p]) => p.endsWith("ls5_sample_survey_multilingual_fr_de_en_it.lss"))?.[1];
    if (!path) return;
    const res = await upload("lss", readFileSync(path), basename(path), "demo_ls5");
    expect(res.status).toBe(200);
    expect(res.text).toContain("<code>AT</code>"); // array of texts
    expect(res.text).toContain("<code>I</code>"); // language switch
    const draft = findSurveyDraft(t.db, "demo_ls5")!.draft;
    // Italian texts taken from the file's Italian, English from its English.
    const titles = draft.pages.map((p) => p.title);
    expect(titles.some((x) => x.it !== x.en)).toBe(true);
  });
});

describe("bad input to the import form", () => {
  it("refuses a file that is not a questionnaire, and one with an id already used, storing nothing", async () => {
    const junk = await upload("lss", Buffer.from("non è un xml"), "x.lss", "nuovo_uno");
    expect(junk.status).toBe(422);
    expect(junk.text).toContain("non è un XML");
    const badXlsx = await upload("xlsform", Buffer.from("PK\u0003\u0004rotto"), "x.xlsx", "nuovo_due");
    expect(badXlsx.status).toBe(422);
    const missing = await upload("lss", null, "", "");
    expect(missing.status).toBe(422);
    expect(missing.text).toContain("Scelga il file");
    const taken = await upload(
      "lss",
      Buffer.from('<?xml version="1.0"?><document><LimeSurveyDocType>Survey</LimeSurveyDocType></document>'),
      "x.lss",
      "prova",
    );
    expect(taken.status).toBe(422);
    expect(findSurveyDraft(t.db, "nuovo_uno")).toBeUndefined();
    expect(findSurveyDraft(t.db, "prova")).toBeUndefined();
  });

  it("answers a file over 5 MB with 413 and the form", async () => {
    const res = await upload("lss", Buffer.alloc(5 * 1024 * 1024 + 10, 32), "grande.lss");
    expect(res.status).toBe(413);
    expect(res.text).toContain("supera 5 MB");
  });

  it("refuses the upload without the CSRF token", async () => {
    const res = await request(t.app)
      .post("/admin/designer/importa")
      .set("Cookie", admin.cookie)
      .field("format", "lss")
      .attach("file", Buffer.from("<x/>"), "x.lss");
    expect(res.status).toBe(403);
  });
});
