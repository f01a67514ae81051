import { beforeAll, describe, expect, it } from "vitest";
import { formValuesOf } from "../../src/web/designer/question-form.js";
import { findSurveyDraft } from "../../src/storage/sqlite-designer.js";
import { questionSchema } from "../../src/surveys/schema.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, getAs, postAs, signIn } from "../helpers/auth.js";
import type { Fields } from "../helpers/respondent.js";

let t: TestApp;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  t = createTestApp();
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
  await post("/admin/designer/prova/modifica", {});
});

const get = (path: string) => getAs(t.app, admin, path);
const post = (path: string, fields: Fields) => postAs(t.app, admin, path, fields);

const BASE = "/admin/designer/prova";
const draft = () => findSurveyDraft(t.db, "prova")!.draft;

describe("the designer's forms on a survey that uses every question type", () => {
  const questions = () => draft().pages.flatMap((p) => p.questions);

  it("opens every question, its condition and the page forms", async () => {
    expect(new Set(questions().map((q) => q.type)).size).toBe(10);
    for (const q of questions()) {
      const form = await get(`${BASE}/domande/${q.id}`);
      expect(form.status, q.id).toBe(200);
      expect(form.text).toContain(`value="${q.id}"`);
      expect((await get(`${BASE}/domande/${q.id}/condizione`)).status, q.id).toBe(200);
    }
    for (const p of draft().pages) expect((await get(`${BASE}/pagine/${p.id}`)).status).toBe(200);
    for (const path of ["", "/impostazioni", "/anteprima", "/json"])
      expect((await get(`${BASE}${path}`)).status, path).toBe(200);
    // A matrix "for each service you used" shows in the preview one row per service it could have.
    const preview = await get(`${BASE}/anteprima`);
    expect(preview.text).toContain('name="soddisfazione/cie"');
    expect(preview.text).toContain('name="soddisfazione/tari"');
    expect(preview.text).not.toContain('name="soddisfazione/vecchio"');
  });

  it("saves every question unchanged through its form: the form holds the whole question", async () => {
    for (const q of questions()) {
      const res = await post(`${BASE}/domande/${q.id}`, { ...formValuesOf(q), action: "save" });
      expect(res.status, `${q.id}: ${res.text.match(/class="field-error"[^>]*>([^<]*)/)?.[1]}`).toBe(303);
    }
    const before = findSurveyDraft(t.db, "prova")!.draft;
    for (const [i, q] of questions().entries()) {
      const original = t.registry.current("prova")!.definition.pages.flatMap((p) => p.questions)[i];
      expect(questionSchema.parse(q), q.id).toEqual(original);
    }
    expect(before.pages.length).toBe(t.registry.current("prova")!.definition.pages.length);
  });

  it("redraws the form for another type without saving", async () => {
    const res = await post(`${BASE}/domande/eta`, { ...formValuesOf(questions()[0]), type: "multi", action: "retype" });
    expect(res.status).toBe(200);
    expect(res.text).toContain('name="choices[0].exclusive"');
    expect(questions()[0].type).toBe("single");
  });

  it("adds a matrix with rows from an earlier question and a numeric scale", async () => {
    const multi = questions().find((q) => q.type === "multi" && "choices" in q && q.choices)!;
    const lastPage = draft().pages[draft().pages.length - 1];
    const res = await post(`${BASE}/pagine/${lastPage.id}/nuova-domanda`, {
      type: "matrix",
      id: "voto_per_scelta",
      "label.it": "Un voto per ogni scelta",
      "label.en": "A mark for each choice",
      "rows.from": "question",
      "rows.question": multi.id,
      columnsKind: "scale",
      "scale.min": "1",
      "scale.max": "5",
      "scale.dontKnow": "1",
    });
    expect(res.status, res.text.match(/class="field-error"[^>]*>([^<]*)/)?.[1]).toBe(303);
    const added = questions().find((q) => q.id === "voto_per_scelta");
    expect(added).toMatchObject({
      type: "matrix",
      rows: { from: "question", question: multi.id },
      scale: { min: 1, max: 5, dontKnow: true },
    });
  });

  it("adds a condition on a number typed by the author, and removes it", async () => {
    const all = questions();
    const scale = all.find((q) => q.type === "scale")!;
    const later = all[all.indexOf(scale) + 1];
    const res = await post(`${BASE}/domande/${later.id}/condizione`, {
      action: "add",
      domanda: scale.id,
      operatore: "gte",
      valore: "7",
    });
    expect(res.status, res.text.match(/error-summary[\s\S]*?<\/ul>/)?.[0]).toBe(303);
    expect(questions().find((q) => q.id === later.id)?.showIf).toEqual({ question: scale.id, gte: 7 });
    const missing = await post(`${BASE}/domande/${later.id}/condizione`, {
      action: "add",
      domanda: scale.id,
      operatore: "gte",
      valore: "",
    });
    expect(missing.status).toBe(422);
    expect(missing.text).toContain("per i confronti un numero");
    expect((await post(`${BASE}/domande/${later.id}/condizione`, { action: "clear" })).status).toBe(303);
    expect(questions().find((q) => q.id === later.id)?.showIf).toBeUndefined();
  });

  it("says what is wrong with a number in plain words, beside its field", async () => {
    const res = await post(`${BASE}/pagine/profilo/nuova-domanda`, {
      type: "scale",
      id: "voto_nuovo",
      "label.it": "Voto",
      "label.en": "Mark",
      min: "1",
      max: "dieci",
    });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="e-max">Scriva un numero, ad esempio 5\./);
    const big = await post(`${BASE}/pagine/profilo/nuova-domanda`, {
      type: "text",
      id: "nome",
      "label.it": "Nome",
      "label.en": "Name",
      maxLength: "5000",
    });
    expect(big.text).toMatch(/id="e-maxLength">Il valore può essere al massimo 1000\./);
  });

  it("refuses a condition on a later question", async () => {
    const [first, second] = questions();
    const res = await post(`${BASE}/domande/${first.id}/condizione`, {
      action: "add",
      domanda: second.id,
      operatore: "answered",
    });
    expect(res.status).toBe(422);
    expect(res.text).toContain("Scelga una delle domande precedenti.");
  });

  it("adds, renames, moves and deletes pages and questions", async () => {
    expect((await post(`${BASE}/pagine`, { id: "extra", "title.it": "In più", "title.en": "Extra" })).status).toBe(303);
    expect(draft().pages.at(-1)?.id).toBe("extra");
    const overview = await get(BASE);
    expect(overview.text).toContain("la pagina «In più» non ha ancora domande");
    expect(
      (
        await post(`${BASE}/pagine/extra`, {
          "title.it": "Ancora",
          "title.en": "More",
          "intro.it": "Due righe.",
          "intro.en": "Two lines.",
        })
      ).status,
    ).toBe(303);
    expect(draft().pages.at(-1)).toMatchObject({ title: { it: "Ancora" }, intro: { en: "Two lines." } });
    expect((await post(`${BASE}/pagine/extra/sposta`, { direzione: "su" })).status).toBe(303);
    expect(draft().pages.at(-2)?.id).toBe("extra");
    // The last question of the page before moves down into the next page.
    const pages = draft().pages;
    const lastOfPrevious = pages[pages.length - 3].questions.at(-1)!;
    expect((await post(`${BASE}/domande/${lastOfPrevious.id}/sposta`, { direzione: "giu" })).status).toBe(303);
    expect(
      draft()
        .pages.at(-2)
        ?.questions.map((q) => q.id),
    ).toEqual([lastOfPrevious.id]);
    expect((await post(`${BASE}/domande/${lastOfPrevious.id}/elimina`, {})).status).toBe(303);
    expect((await post(`${BASE}/pagine/extra/elimina`, {})).status).toBe(303);
    expect(draft().pages.some((p) => p.id === "extra")).toBe(false);
  });

  it("saves the settings and refuses a catalogue change of a published survey beside its field", async () => {
    const form = await get(`${BASE}/impostazioni`);
    expect(form.text).toContain('value="Questionario di prova"');
    const ok = await post(`${BASE}/impostazioni`, {
      "title.it": "Prova rinominata",
      "title.en": "Renamed test",
      "privacy.it": "Informativa.",
      "privacy.en": "Notice.",
      access: "public",
      status: "open",
      catalogue: "catalogo_prova",
      estimatedMinutes: "4",
    });
    expect(ok.status).toBe(303);
    expect(draft()).toMatchObject({
      title: { it: "Prova rinominata" },
      estimatedMinutes: 4,
      catalogue: "catalogo_prova",
    });
    const base = { "title.it": "X", "title.en": "X", "privacy.it": "I", "privacy.en": "N" };
    const minutes = await post(`${BASE}/impostazioni`, {
      ...base,
      catalogue: "catalogo_prova",
      estimatedMinutes: "molti",
    });
    expect(minutes.status).toBe(422);
    expect(minutes.text).toMatch(/id="e-estimatedMinutes">Scriva un numero intero di minuti/);
    const bad = await post(`${BASE}/impostazioni`, { ...base, catalogue: "" });
    expect(bad.status).toBe(422);
    expect(bad.text).toMatch(/id="e-catalogue">il questionario usava il catalogo «catalogo_prova»/);
    expect(draft().title.it).toBe("Prova rinominata");
  });

  it("links the survey page to the designer", async () => {
    const page = await get("/admin/questionari/prova");
    expect(page.text).toContain('<a href="/admin/designer/prova">Modifica il questionario</a>');
  });
});
