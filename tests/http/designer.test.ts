import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { listAudit } from "../../src/storage/sqlite-audit.js";
import { formValuesOf } from "../../src/web/designer/question-form.js";
import { findSurveyDraft, listSurveyVersions, saveSurveyDraft } from "../../src/storage/sqlite-designer.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { formBody, Respondent, type Fields } from "../helpers/respondent.js";

let t: TestApp;
let admin: { cookie: string; csrf: string };

beforeAll(async () => {
  t = createTestApp();
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
});

const get = (path: string) => getAs(t.app, admin, path);
const post = (path: string, fields: Fields) => postAs(t.app, admin, path, fields);

const BASE = "/admin/designer/biblioteca";

describe("designing, publishing and answering a survey", () => {
  it("creates a three-question survey with a condition through form posts", async () => {
    const created = await post("/admin/designer", {
      id: "biblioteca",
      "title.it": "La biblioteca",
      "title.en": "The library",
    });
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe(BASE);

    const usa = await post(`${BASE}/pagine/pagina_1/nuova-domanda`, {
      type: "single",
      id: "usa",
      "label.it": "Usa la biblioteca?",
      "label.en": "Do you use the library?",
      required: "1",
      source: "list",
      "choices[0].position": "1",
      "choices[0].value": "si",
      "choices[0].label.it": "Sì",
      "choices[0].label.en": "Yes",
      "choices[1].position": "2",
      "choices[1].value": "no",
      "choices[1].label.it": "No",
      "choices[1].label.en": "No",
      "choices[2].position": "3",
      "choices[2].value": "",
      "choices[2].label.it": "",
      "choices[2].label.en": "",
    });
    expect(usa.status).toBe(303);
    const voto = await post(`${BASE}/pagine/pagina_1/nuova-domanda`, {
      type: "scale",
      id: "voto",
      "label.it": "Quanto è soddisfatto?",
      "label.en": "How satisfied are you?",
      required: "1",
      min: "1",
      max: "10",
      "minLabel.it": "Per niente",
      "minLabel.en": "Not at all",
      "maxLabel.it": "Del tutto",
      "maxLabel.en": "Completely",
    });
    expect(voto.status).toBe(303);
    const perche = await post(`${BASE}/pagine/pagina_1/nuova-domanda`, {
      type: "textarea",
      id: "perche",
      "label.it": "Perché no?",
      "label.en": "Why not?",
      maxLength: "500",
    });
    expect(perche.status).toBe(303);

    // The condition: pick the earlier question, then the operator and one of its choices.
    const step1 = await get(`${BASE}/domande/perche/condizione?domanda=usa`);
    expect(step1.status).toBe(200);
    expect(step1.text).toContain('name="valori" value="no"');
    const condition = await post(`${BASE}/domande/perche/condizione`, {
      action: "add",
      domanda: "usa",
      operatore: "equals",
      valori: "no",
    });
    expect(condition.status).toBe(303);

    const draft = findSurveyDraft(t.db, "biblioteca")!.draft;
    expect(draft.pages[0].questions.map((q) => q.id)).toEqual(["usa", "voto", "perche"]);
    expect(draft.pages[0].questions[2].showIf).toEqual({ question: "usa", equals: "no" });
    const overview = await get(BASE);
    expect(overview.text).toContain("Mostrata solo se «Usa la biblioteca?» è «No»");
    expect(overview.text).not.toContain("error-summary");
  });

  it("refuses a question whose id is already used, and says so beside the field", async () => {
    const res = await post(`${BASE}/pagine/pagina_1/nuova-domanda`, {
      type: "text",
      id: "voto",
      "label.it": "Altro",
      "label.en": "Other",
    });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/<p class="field-error" id="e-id">C&#39;è già una domanda con id «voto»/);
    // The summary's heading says how many problems there are, not the page's title again.
    expect(res.text).toContain('<h2 id="error-summary-title" class="h5">C&#39;è un problema da correggere</h2>');
    expect(findSurveyDraft(t.db, "biblioteca")!.draft.pages[0].questions).toHaveLength(3);
  });

  it("shows the loader's problems next to the field they belong to", async () => {
    const res = await post(`${BASE}/pagine/pagina_1/nuova-domanda`, {
      type: "single",
      id: "sede",
      "label.it": "Quale sede?",
      "label.en": "",
      source: "list",
      "choices[0].value": "Centro",
      "choices[0].label.it": "Centro",
      "choices[0].label.en": "Centre",
    });
    expect(res.status).toBe(422);
    expect(res.text).toMatch(/id="e-label-en"/);
    expect(res.text).toMatch(/id="e-choices-0--value">un valore usa solo lettere minuscole/);
    expect(res.text).toContain('aria-describedby="e-choices-0--value" aria-invalid="true"');
  });

  it("previews the draft as a citizen would see it, marked as a preview", async () => {
    const res = await get(`${BASE}/anteprima`);
    expect(res.status).toBe(200);
    expect(res.text).toContain("<strong>Anteprima</strong>");
    expect(res.text).toContain("Usa la biblioteca?");
    expect(res.text).toContain('id="q-voto"');
    expect(res.text).toContain("Mostrata solo se «Usa la biblioteca?» è «No»");
    expect(res.text).toContain("<fieldset disabled>");
    const english = await get(`${BASE}/anteprima?lang=en`);
    expect(english.text).toContain("Do you use the library?");
  });

  it("publishes version 1, which a citizen then answers", async () => {
    const res = await post(`${BASE}/pubblica`, {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`${BASE}?pubblicato=1`);
    expect(t.registry.current("biblioteca")?.definition.version).toBe(1);
    expect(findSurveyDraft(t.db, "biblioteca")).toBeUndefined();
    expect(
      listAudit(t.db).some(
        (e) => e.action === "questionario.pubblicato" && e.target === "biblioteca" && e.details === "versione 1",
      ),
    ).toBe(true);

    const citizen = new Respondent(t.app, "biblioteca");
    await citizen.start();
    expect(citizen.shownQuestions()).toEqual(["usa", "voto", "perche"]);
    await citizen.answer({ usa: "no", voto: "4", perche: "Orari scomodi" });
    expect(citizen.path).toMatch(/riepilogo/);
    await citizen.submitFromSummary();
    expect(citizen.path).toMatch(/grazie/);
    const [stored] = listResponses(t.db, "biblioteca");
    expect(stored.surveyVersion).toBe(1);
    expect(stored.answers).toEqual({ usa: "no", voto: "4", perche: "Orari scomodi" });
  });

  it("downloads exactly what was published", async () => {
    const res = await get(`${BASE}/versioni/1/json`);
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toContain("attachment; filename=biblioteca-v1.json");
    expect(JSON.parse(res.text)).toEqual(listSurveyVersions(t.db, "biblioteca")[0].definition);
    expect(JSON.parse(res.text)).toEqual(JSON.parse(JSON.stringify(t.registry.version("biblioteca", 1)!.definition)));
    expect((await get(`${BASE}/versioni/7/json`)).status).toBe(404);
  });

  it("refuses to change the type of a published question, with the reason, and publishes nothing", async () => {
    expect((await post(`${BASE}/modifica`, {})).status).toBe(303);
    const draft = findSurveyDraft(t.db, "biblioteca")!.draft;
    expect(draft.version).toBe(2);
    const usa = draft.pages[0].questions[0];
    const form = await get(`${BASE}/domande/usa`);
    expect(form.text).toContain('value="Usa la biblioteca?"');

    const retyped = await post(`${BASE}/domande/usa`, {
      ...formValuesOf(usa),
      type: "scale",
      min: "1",
      max: "5",
      action: "save",
    });
    expect(retyped.status).toBe(422);
    expect(retyped.text).toContain(
      "la domanda «usa» era a scelta singola nella versione 1: non può diventare una scala. Usi un nuovo id.",
    );
    expect(retyped.text).toMatch(/id="e-type">la domanda «usa» era a scelta singola/);
    expect(findSurveyDraft(t.db, "biblioteca")!.draft.pages[0].questions[0].type).toBe("single");

    // The same change arriving as an uploaded file is refused too, and the draft stays as it was.
    const json = structuredClone(draft) as unknown as { pages: { questions: Record<string, unknown>[] }[] };
    json.pages[0].questions[0] = { id: "usa", type: "scale", label: { it: "Usa?", en: "Use?" }, min: 1, max: 5 };
    const upload = await post("/admin/designer/carica", { json: JSON.stringify(json) });
    expect(upload.status).toBe(422);
    expect(upload.text).toContain("non può diventare una scala");
    expect(findSurveyDraft(t.db, "biblioteca")!.draft.pages[0].questions[0].type).toBe("single");

    expect(listSurveyVersions(t.db, "biblioteca")).toHaveLength(1);
    expect(t.registry.current("biblioteca")?.definition.version).toBe(1);
  });

  it("publishes a change of wording as version 2; the old response keeps version 1", async () => {
    const usa = findSurveyDraft(t.db, "biblioteca")!.draft.pages[0].questions[0];
    const reworded = await post(`${BASE}/domande/usa`, {
      ...formValuesOf(usa),
      "label.it": "Frequenta la biblioteca comunale?",
      action: "save",
    });
    expect(reworded.status).toBe(303);
    const draftJson = await get(`${BASE}/json`);
    expect(JSON.parse(draftJson.text).pages[0].questions[0].label.it).toBe("Frequenta la biblioteca comunale?");

    const res = await post(`${BASE}/pubblica`, {});
    expect(res.status).toBe(303);
    expect(t.registry.current("biblioteca")?.definition.version).toBe(2);
    expect(t.registry.version("biblioteca", 1)?.definition.pages[0].questions[0].label.it).toBe("Usa la biblioteca?");
    expect(listSurveyVersions(t.db, "biblioteca").map((v) => v.definition.version)).toEqual([1, 2]);
    expect(listResponses(t.db, "biblioteca").map((r) => r.surveyVersion)).toEqual([1]);
  });

  it("refuses to publish a draft with problems, lists them, and publishes nothing", async () => {
    expect((await post(`${BASE}/modifica`, {})).status).toBe(303);
    // A draft changed behind the forms' back (as an older draft, or another admin's edit, could be).
    const draft = findSurveyDraft(t.db, "biblioteca")!.draft;
    // The scale's own fields are still there: the schema complains, and the real reason is given too.
    (draft.pages[0].questions[1] as Record<string, unknown>).type = "number";
    draft.pages.push({ id: "vuota", title: { it: "Vuota", en: "Empty" }, questions: [] });
    saveSurveyDraft(t.db, draft, "admin");
    const res = await post(`${BASE}/pubblica`, {});
    expect(res.status).toBe(422);
    expect(res.text).toContain("Pubblicazione non eseguita");
    expect(res.text).toContain("la pagina «Vuota» non ha ancora domande");
    expect(res.text).toContain(
      "la domanda «voto» era una scala nella versione 2: non può diventare una domanda numerica.",
    );
    expect(res.text).toContain(`href="${BASE}/domande/voto#f-type"`);
    expect(listSurveyVersions(t.db, "biblioteca")).toHaveLength(2);
    expect(t.registry.current("biblioteca")?.definition.version).toBe(2);
    expect((await post(`${BASE}/scarta`, {})).status).toBe(303);
    expect(findSurveyDraft(t.db, "biblioteca")).toBeUndefined();
  });

  it("shows the problems of an uploaded file that is not valid, and stores nothing", async () => {
    const unreadable = await post("/admin/designer/carica", { json: "{ non è JSON" });
    expect(unreadable.status).toBe(422);
    expect(unreadable.text).toContain("Il testo non è un JSON leggibile");

    const bad = structuredClone(t.registry.current("prova")!.definition) as unknown as Record<string, any>;
    bad.id = "prova_caricata";
    bad.pages[0].questions[0].id = "Età";
    bad.pages[0].questions[1].showIf = { question: "mai_vista", answered: true };
    const res = await post("/admin/designer/carica", { json: JSON.stringify(bad) });
    expect(res.status).toBe(422);
    expect(res.text).toContain("un id usa solo lettere minuscole");
    expect(res.text).toContain("pages[0].questions[0].id");
    expect(findSurveyDraft(t.db, "prova_caricata")).toBeUndefined();

    bad.pages[0].questions[0].id = "eta";
    delete bad.pages[0].questions[1].showIf;
    // An id that is a word of the designer's own addresses would make the draft unreachable.
    const shadowing = await post("/admin/designer/carica", { json: JSON.stringify({ ...bad, id: "carica" }) });
    expect(shadowing.status).toBe(422);
    expect(shadowing.text).toContain("«carica» è una parola riservata");
    const good = await post("/admin/designer/carica", { json: JSON.stringify(bad) });
    expect(good.status).toBe(303);
    expect(findSurveyDraft(t.db, "prova_caricata")?.draft.pages[0].questions[0].id).toBe("eta");
  });

  it("accepts a pasted definition larger than ordinary forms, from an admin only", async () => {
    const long = structuredClone(t.registry.current("prova")!.definition) as unknown as Record<string, any>;
    long.id = "prova_lunga";
    long.privacy = { it: "Informativa. ".repeat(15_000), en: "Notice. ".repeat(15_000) };
    const body = JSON.stringify(long);
    expect(encodeURIComponent(body).length).toBeGreaterThan(300_000);
    const res = await post("/admin/designer/carica", { json: body });
    expect(res.status).toBe(303);
    expect(findSurveyDraft(t.db, "prova_lunga")?.draft.privacy.it.length).toBe(long.privacy.it.length);
    const tooBig = await post("/admin/designer/carica", { json: "x".repeat(1_100_000) });
    expect(tooBig.status).toBe(413);
    await createUser(t.db, "analyst");
    const analyst = await signIn(t.app, "analyst");
    const refused = await request(t.app)
      .post("/admin/designer/carica")
      .set("Cookie", analyst.cookie)
      .type("form")
      .send(formBody({ _csrf: analyst.csrf, json: body }));
    expect(refused.status).toBe(413);
  });

  it("audits every change of a draft", () => {
    const actions = listAudit(t.db)
      .filter((e) => e.target === "biblioteca")
      .map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        "progettazione.creato",
        "progettazione.domanda.aggiunta",
        "progettazione.condizione",
        "progettazione.bozza_da_pubblicato",
        "progettazione.domanda.modificata",
        "questionario.pubblicato",
      ]),
    );
  });
});
