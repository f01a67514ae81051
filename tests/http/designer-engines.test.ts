import type { Express } from "express";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { openPostgres } from "../../src/db/pg/client.js";
import { createPostgresStorage } from "../../src/storage/postgres/index.js";
import type { Storage } from "../../src/storage/types.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry, type SurveyRegistry } from "../../src/surveys/registry.js";
import { createEngineTestApp, FIXTURE_SURVEYS, TEST_CONFIG, type EngineApp } from "../helpers/app.js";
import { addUser, getAs, postAs, signIn } from "../helpers/auth.js";
import { ENGINES, HAS_POSTGRES, usePostgres } from "../helpers/postgres.js";
import { catalogueService } from "../helpers/designer.js";
import { Respondent, type Fields } from "../helpers/respondent.js";

/**
 * The survey designer and the service catalogues over real HTTP on both engines (as
 * `DATABASE_URL=postgres://… npm start` runs them), and a version published on one of two app nodes
 * sharing one PostgreSQL served by the other without a restart.
 */
const server = usePostgres();
const BASE = "/admin/designer/biblioteca";
const CATALOGUE = "/admin/cataloghi/catalogo_prova";

const USA: Fields = {
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
};
const VOTO: Fields = {
  type: "scale",
  id: "voto",
  "label.it": "Quanto è soddisfatto degli orari?",
  "label.en": "How satisfied are you with the opening hours?",
  required: "1",
  min: "1",
  max: "10",
  "minLabel.it": "Per niente",
  "minLabel.en": "Not at all",
  "maxLabel.it": "Del tutto",
  "maxLabel.en": "Completely",
};
const SERVICE = catalogueService("pagopa");
/** The settings form of the library survey, with another Italian title. */
const settings = (title: string): Fields => ({
  "title.it": title,
  "title.en": "The library",
  "privacy.it": "Il Comune tratta le risposte in forma anonima.",
  "privacy.en": "The comune processes the answers anonymously.",
  access: "public",
  status: "open",
  catalogue: "",
});

type Who = { cookie: string; csrf: string };

/** A draft «biblioteca» with a second page and a question on each, made through the forms. */
async function designLibrary(app: Express, admin: Who): Promise<void> {
  const post = (path: string, fields: Fields) => postAs(app, admin, path, fields);
  const created = await post("/admin/designer", {
    id: "biblioteca",
    "title.it": "La biblioteca",
    "title.en": "The library",
  });
  expect(created.status).toBe(303);
  expect(created.headers.location).toBe(BASE);
  const page = await post(`${BASE}/pagine`, { id: "orari", "title.it": "Gli orari", "title.en": "Opening hours" });
  expect(page.status).toBe(303);
  expect((await post(`${BASE}/pagine/pagina_1/nuova-domanda`, USA)).status).toBe(303);
  expect((await post(`${BASE}/pagine/orari/nuova-domanda`, VOTO)).status).toBe(303);
}

describe.each(ENGINES)("the designer on $name", ({ name, available }) => {
  let t: EngineApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  const openAsAdmin = async () => {
    t = await createEngineTestApp(name, () => server().createDatabase());
    await addUser(t.storage, "admin", "admin");
    const admin = await signIn(t.app, "admin");
    const { app } = t;
    return {
      ...t,
      get: (path: string) => getAs(app, admin, path),
      post: (path: string, fields: Fields) => postAs(app, admin, path, fields),
      admin,
    };
  };

  it.skipIf(!available)(
    "designs a survey (a draft, a page, a question on each), previews it, publishes version 1, served at /s/biblioteca and answered; audited",
    async () => {
      const { app, storage, registry, get, post, admin } = await openAsAdmin();
      expect((await request(app).get("/s/biblioteca")).status).toBe(404);
      await designLibrary(app, admin);
      const draft = (await storage.designer.findDraft("biblioteca"))!.draft;
      expect(draft.pages.map((p) => [p.id, p.questions.map((q) => q.id)])).toEqual([
        ["pagina_1", ["usa"]],
        ["orari", ["voto"]],
      ]);
      expect((await get("/admin/designer")).text).toContain('href="/admin/designer/biblioteca"');

      const preview = await get(`${BASE}/anteprima`);
      expect(preview.status).toBe(200);
      expect(preview.text).toContain("<strong>Anteprima</strong>");
      expect(preview.text).toContain("Quanto è soddisfatto degli orari?");

      const published = await post(`${BASE}/pubblica`, {});
      expect(published.status).toBe(303);
      expect(published.headers.location).toBe(`${BASE}?pubblicato=1`);
      expect(await storage.designer.findDraft("biblioteca")).toBeUndefined();
      const stored = (await storage.designer.definitions()).surveys.filter((v) => v.definition.id === "biblioteca");
      expect(stored.map((v) => v.definition.version)).toEqual([1]);
      expect(registry.current("biblioteca")?.definition.version).toBe(1);
      const actions = (await storage.audit.list()).filter((e) => e.target === "biblioteca").map((e) => e.action);
      expect(actions).toEqual([
        "questionario.pubblicato",
        "progettazione.domanda.aggiunta",
        "progettazione.domanda.aggiunta",
        "progettazione.pagina.aggiunta",
        "progettazione.creato",
      ]);

      const citizen = new Respondent(app, "biblioteca");
      await citizen.start();
      expect(citizen.shownQuestions()).toEqual(["usa"]);
      await citizen.answer({ usa: "si" });
      await citizen.answer({ voto: "8" });
      await citizen.submitFromSummary();
      expect(citizen.path).toMatch(/grazie/);
      const [response] = await storage.responses.list("biblioteca");
      expect(response).toMatchObject({ surveyVersion: 1, answers: { usa: "si", voto: "8" } });
    },
  );

  it.skipIf(!available)(
    "publishes a new version of a published survey; the new title is served, the old version kept for its responses",
    async () => {
      const { app, storage, registry, get, post, admin } = await openAsAdmin();
      await designLibrary(app, admin);
      expect((await post(`${BASE}/pubblica`, {})).status).toBe(303);
      expect((await post(`${BASE}/modifica`, {})).status).toBe(303);
      expect((await storage.designer.findDraft("biblioteca"))?.draft.version).toBe(2);
      expect((await get(`${BASE}/impostazioni`)).text).toContain('value="La biblioteca"');
      expect((await post(`${BASE}/impostazioni`, settings("La biblioteca civica"))).status).toBe(303);
      const again = await post(`${BASE}/pubblica`, {});
      expect(again.headers.location).toBe(`${BASE}?pubblicato=2`);
      expect(registry.current("biblioteca")?.definition.version).toBe(2);
      expect(registry.version("biblioteca", 1)?.definition.title.it).toBe("La biblioteca");
      expect((await request(app).get("/s/biblioteca")).text).toContain("La biblioteca civica");
      const versions = await get(`${BASE}/versioni/1/json`);
      expect(JSON.parse(versions.text)).toMatchObject({ id: "biblioteca", version: 1, title: { it: "La biblioteca" } });
    },
  );

  it.skipIf(!available)(
    "adds a service to a catalogue as its next version and refuses a code already used, in Italian, storing nothing",
    async () => {
      const { storage, get, post } = await openAsAdmin();
      expect((await get("/admin/cataloghi")).text).toContain(`href="${CATALOGUE}"`);
      const added = await post(`${CATALOGUE}/servizi`, SERVICE);
      expect(added.status).toBe(303);
      expect(added.headers.location).toBe(`${CATALOGUE}?fatto=1`);
      const page = await get(`${CATALOGUE}?fatto=1`);
      expect(page.text).toContain("il catalogo è ora alla versione 2");
      const { catalogues } = await storage.designer.definitions();
      expect(catalogues.map((c) => c.version)).toEqual([2]);
      expect(catalogues[0].services.find((s) => s.code === "pagopa")).toMatchObject({
        area: "tributi",
        retired: false,
      });

      const reused = await post(`${CATALOGUE}/servizi`, { ...SERVICE, code: "cie" });
      expect(reused.status).toBe(422);
      expect(reused.text).toContain("Il codice «cie» è già stato usato");
      const renamed = await post(`${CATALOGUE}/servizi/pagopa`, { ...SERVICE, "name.it": "Pagare con pagoPA" });
      expect(renamed.status).toBe(303);
      expect((await storage.designer.definitions()).catalogues.map((c) => c.version)).toEqual([2, 3]);
      const trail = (await storage.audit.list()).filter((e) => e.target === "catalogo_prova");
      expect(trail.map((e) => [e.action, e.details])).toEqual([
        ["catalogo.servizio.modificato", "pagopa; versione 3"],
        ["catalogo.servizio.aggiunto", "pagopa; versione 2"],
      ]);
    },
  );

  it.skipIf(!available)("refuses bad input with a message in Italian and stores nothing", async () => {
    const { app, storage, post, admin } = await openAsAdmin();
    const badId = await post("/admin/designer", { id: "Biblioteca Civica", "title.it": "", "title.en": "x" });
    expect(badId.status).toBe(422);
    expect(badId.text).toContain("usa solo lettere minuscole senza accenti");
    expect(badId.text).toContain("Scriva il titolo in italiano.");
    const taken = await post("/admin/designer", { id: "prova", "title.it": "Prova", "title.en": "Test" });
    expect(taken.status).toBe(422);
    expect(taken.text).toContain("Esiste già un questionario con id «prova»");
    const unreadable = await post("/admin/designer/carica", { json: "{ non è JSON" });
    expect(unreadable.status).toBe(422);
    expect(unreadable.text).toContain("Il testo non è un JSON leggibile");
    expect(await storage.designer.listDrafts()).toEqual([]);

    await designLibrary(app, admin);
    const before = await storage.designer.findDraft("biblioteca");
    const page = await post(`${BASE}/pagine`, { id: "orari", "title.it": "Ancora", "title.en": "Again" });
    expect(page.status).toBe(422);
    expect(page.text).toContain("C&#39;è già una pagina con id «orari».");
    const empty = await post(`${BASE}/pagine`, { id: "vuota", "title.it": "Vuota", "title.en": "Empty" });
    expect(empty.status).toBe(303);
    const refused = await post(`${BASE}/pubblica`, {});
    expect(refused.status).toBe(422);
    expect(refused.text).toContain("la pagina «Vuota» non ha ancora domande");
    expect((await storage.designer.definitions()).surveys.some((v) => v.definition.id === "biblioteca")).toBe(false);
    expect((await storage.designer.findDraft("biblioteca"))?.draft.pages).toHaveLength(before!.draft.pages.length + 1);
    expect((await storage.audit.list()).some((e) => e.action === "questionario.pubblicato")).toBe(false);
  });

  it.skipIf(!available)("publishes a draft once when two publications of it race", async () => {
    const { app, storage, post, admin } = await openAsAdmin();
    await designLibrary(app, admin);
    const answers = await Promise.all([post(`${BASE}/pubblica`, {}), post(`${BASE}/pubblica`, {})]);
    const locations = answers.map((r) => `${r.status} ${r.headers.location ?? ""}`);
    expect(
      locations.filter((l) => l === `303 ${BASE}?pubblicato=1`),
      locations.join(", "),
    ).toHaveLength(1);
    // The other finds the draft gone: it is sent to the overview, or told the draft was published meanwhile.
    const other = answers.find((r) => r.headers.location !== `${BASE}?pubblicato=1`)!;
    if (other.status === 422) expect(other.text).toContain("è stata modificata o pubblicata da un&#39;altra persona");
    else expect(`${other.status} ${other.headers.location}`).toBe(`303 ${BASE}`);
    const versions = (await storage.designer.definitions()).surveys.filter((v) => v.definition.id === "biblioteca");
    expect(versions.map((v) => v.definition.version)).toEqual([1]);
    expect((await storage.audit.list()).filter((e) => e.action === "questionario.pubblicato")).toHaveLength(1);
  });
});

interface Node {
  app: Express;
  storage: Storage;
  registry: SurveyRegistry;
}

/** One app node as the PostgreSQL server starts it: its own pool and its own registry, on the shared database. */
async function startNode(url: string, publishedCheckMs: number): Promise<Node> {
  const storage = createPostgresStorage(await openPostgres(url, { max: 4 }));
  const files = [...loadDefinitions(FIXTURE_SURVEYS).surveys.values()];
  await storage.surveys.publish(files);
  const registry = createRegistry([...(await storage.surveys.readPublished()), ...files]);
  const app = createApp({ storage, registry, config: TEST_CONFIG, counters: storage.counters, publishedCheckMs });
  return { app, storage, registry };
}

describe.skipIf(!HAS_POSTGRES)("two app nodes on one PostgreSQL", () => {
  let nodes: Node[] = [];
  afterEach(async () => {
    await Promise.all(nodes.map((n) => n.storage.close()));
    nodes = [];
  });

  it("a version published on node A is served by node B without a restart, and the other way round", async () => {
    const url = await server().createDatabase();
    // Node B looks for new versions at most every 300 ms, node A at every request.
    const [a, b] = (nodes = [await startNode(url, 0), await startNode(url, 300)]);
    await addUser(a.storage, "admin", "admin");
    const [onA, onB] = [await signIn(a.app, "admin"), await signIn(b.app, "admin")];
    expect((await request(b.app).get("/s/biblioteca")).status).toBe(404);

    await designLibrary(a.app, onA);
    expect((await postAs(a.app, onA, `${BASE}/pubblica`, {})).headers.location).toBe(`${BASE}?pubblicato=1`);
    let served = await request(b.app).get("/s/biblioteca");
    for (let tries = 0; served.status === 404 && tries < 50; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      served = await request(b.app).get("/s/biblioteca");
    }
    expect(served.status).toBe(200);
    expect(served.text).toContain("La biblioteca");
    expect(b.registry.current("biblioteca")?.definition.version).toBe(1);
    // A citizen answers version 1 on node B.
    const citizen = new Respondent(b.app, "biblioteca");
    await citizen.start();
    await citizen.answer({ usa: "no" });
    await citizen.answer({ voto: "3" });
    await citizen.submitFromSummary();
    expect(citizen.path).toMatch(/grazie/);

    // Node B's designer starts from what node A published and numbers the next version after it.
    expect((await postAs(b.app, onB, `${BASE}/modifica`, {})).status).toBe(303);
    expect((await postAs(b.app, onB, `${BASE}/impostazioni`, settings("La biblioteca civica"))).status).toBe(303);
    expect((await postAs(b.app, onB, `${BASE}/pubblica`, {})).headers.location).toBe(`${BASE}?pubblicato=2`);
    // Node A checks at every request: its next page is already version 2.
    expect((await request(a.app).get("/s/biblioteca")).text).toContain("La biblioteca civica");
    expect(a.registry.current("biblioteca")?.definition.version).toBe(2);
    expect(a.registry.version("biblioteca", 1)?.definition.title.it).toBe("La biblioteca");
    expect((await a.storage.responses.list("biblioteca")).map((r) => r.surveyVersion)).toEqual([1]);
    // The designer's own pages on node A list both versions.
    const overview = await getAs(a.app, onA, BASE);
    expect(overview.text).toContain("La biblioteca civica");
    expect(
      (await a.storage.designer.definitions()).surveys.filter((v) => v.definition.id === "biblioteca"),
    ).toHaveLength(2);
  });

  it("two nodes publishing the same draft at once store one version", async () => {
    const url = await server().createDatabase();
    const [a, b] = (nodes = [await startNode(url, 0), await startNode(url, 0)]);
    await addUser(a.storage, "admin", "admin");
    const [onA, onB] = [await signIn(a.app, "admin"), await signIn(b.app, "admin")];
    await designLibrary(a.app, onA);
    const answers = await Promise.all([
      postAs(a.app, onA, `${BASE}/pubblica`, {}),
      postAs(b.app, onB, `${BASE}/pubblica`, {}),
    ]);
    expect(answers.filter((r) => r.headers.location === `${BASE}?pubblicato=1`)).toHaveLength(1);
    expect(answers.some((r) => r.headers.location === `${BASE}?pubblicato=2`)).toBe(false);
    const versions = (await a.storage.designer.definitions()).surveys.filter((v) => v.definition.id === "biblioteca");
    expect(versions.map((v) => v.definition.version)).toEqual([1]);
  });
});
