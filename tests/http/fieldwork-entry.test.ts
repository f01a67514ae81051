import { afterEach, beforeEach, describe, expect, it } from "vitest";
import request from "supertest";
import { createEngineTestApp, type EngineApp } from "../helpers/app.js";
import { addUser, signIn } from "../helpers/auth.js";
import { ENGINES, usePostgres } from "../helpers/postgres.js";
import { formBody, type Fields } from "../helpers/respondent.js";

/** The same cases on SQLite and on a real PostgreSQL (as `DATABASE_URL=postgres://… npm start` runs it). */
const server = usePostgres();

/** One paper form of the test survey, as the operator types it (every page's fields on one screen). */
const PAPER: Fields = {
  eta: "65_plus",
  quartiere: "mombello",
  figli: "0",
  usati: ["cie", "tari"],
  "soddisfazione/cie": "7",
  "soddisfazione/tari": "non_so",
  "uffici/cie": "2",
  "classifica/1": "cie",
  "classifica/2": "tari",
  importanza: "8",
  orari: "mattina",
  giudizio: "5",
  commento: "Grazie",
};
const STORED = {
  eta: "65_plus",
  quartiere: "mombello",
  figli: "0",
  usati: "cie tari",
  "soddisfazione/cie": "7",
  "soddisfazione/tari": "non_so",
  "uffici/cie": "2",
  classifica: "cie tari",
  importanza: "8",
  orari: "mattina",
  giudizio: "5",
  commento: "Grazie",
};
const ENTRY = "/admin/questionari/prova/inserimento";

describe.each(ENGINES)("operator data entry of paper questionnaires on $name", ({ name, available }) => {
  let t: EngineApp;
  let anna: { cookie: string; csrf: string };
  let bruno: { cookie: string; csrf: string };

  beforeEach(async () => {
    if (!available) return;
    t = await createEngineTestApp(name, () => server().createDatabase());
    await addUser(t.storage, "operator", "anna");
    await addUser(t.storage, "admin", "bruno");
    anna = await signIn(t.app, "anna");
    bruno = await signIn(t.app, "bruno");
  });
  afterEach(async () => {
    if (available) await t.close();
  });

  function post(who: { cookie: string; csrf: string }, path: string, fields: Fields) {
    return request(t.app)
      .post(path)
      .set("Cookie", who.cookie)
      .type("form")
      .send(formBody({ ...fields, _csrf: who.csrf }));
  }

  it.skipIf(!available)(
    "shows every question on one page, numbered as on paper, with every row and no condition hidden",
    async () => {
      const res = await request(t.app).get(ENTRY).set("Cookie", anna.cookie);
      expect(res.status).toBe(200);
      const ids = [...res.text.matchAll(/<div class="q[^"]*" id="q-([a-z0-9_]+)"/g)].map((m) => m[1]);
      expect(ids).toEqual([
        "eta",
        "quartiere",
        "figli",
        "scuola",
        "usati",
        "soddisfazione",
        "uffici",
        "classifica",
        "importanza",
        "orari",
        "ultima_visita",
        "nome_ufficio",
        "giudizio",
        "commento",
      ]);
      expect(res.text).toContain("4. I suoi figli vanno a scuola a Limbiate?");
      expect(res.text).toContain("Risponda solo se ha indicato 1 o più alla domanda 3.");
      // A "for each service you used" matrix shows every service of the catalogue, not only those ticked.
      for (const code of ["cie", "certificati", "tari", "imu"])
        expect(res.text).toContain(`name="soddisfazione/${code}"`);
      // The cursor starts on the first field, ready for the next form.
      expect(res.text).toMatch(/id="f-eta" autofocus/);
      expect(res.text).not.toContain("data-show-if");
    },
  );

  it.skipIf(!available)(
    "stores a valid form with channel paper and the operator, dropping answers the paper form told to skip",
    async () => {
      const res = await post(anna, ENTRY, { ...PAPER, scuola: "si", "uffici/imu": "1", lingua: "it" });
      expect(res.status).toBe(303);
      expect(res.headers.location).toBe(`${ENTRY}?salvato=1`);
      const [stored, ...others] = await t.storage.responses.list("prova");
      expect(others).toHaveLength(0);
      // Nobody measured how long the paper form took: no start time, so it is never judged a speeder.
      expect(stored).toMatchObject({
        channel: "paper",
        enteredBy: "anna",
        lang: "it",
        surveyVersion: 1,
        startedAt: null,
      });
      // figli = 0 hides «scuola»; imu was not among the services used, so its row is not asked.
      expect(stored.answers).toEqual(STORED);
      expect((await t.storage.audit.list()).find((a) => a.action === "carta.inserito")).toMatchObject({
        username: "anna",
        target: "prova",
      });
      const next = await request(t.app).get(res.headers.location).set("Cookie", anna.cookie);
      expect(next.text).toContain("Questionario registrato.");
      expect(next.text).toMatch(/id="f-eta" autofocus/);
    },
  );

  it.skipIf(!available)(
    "refuses an invalid form with every error listed at the top, linked to its field, and stores nothing",
    async () => {
      const { eta: _eta, ...withoutAge } = PAPER;
      const res = await post(anna, ENTRY, {
        ...withoutAge,
        figli: "tre",
        "soddisfazione/tari": "",
        orari: ["mattina", "nessuna"],
      });
      expect(res.status).toBe(422);
      expect(res.text).toContain("Ci sono 4 risposte da correggere: il questionario non è stato registrato");
      expect(res.text).toContain('<a href="#f-eta">1. Quanti anni ha? — Risponda a questa domanda.</a>');
      expect(res.text).toContain(
        '<a href="#f-figli">3. Quanti figli minorenni vivono con lei? — Scriva un numero, ad esempio 12 o 3,5.</a>',
      );
      expect(res.text).toContain('href="#f-soddisfazione-tari"');
      expect(res.text).toContain('href="#f-orari"');
      expect(res.text).toMatch(/id="error-summary"[^>]*autofocus/);
      // What was typed stays on the screen.
      expect(res.text).toMatch(/value="tre"/);
      expect(await t.storage.responses.list("prova")).toHaveLength(0);
    },
  );

  it.skipIf(!available)(
    "double entry: two equal typings store the response once, with the first operator",
    async () => {
      const first = await post(anna, ENTRY, { ...PAPER, doppio: "1" });
      expect(first.headers.location).toBe(`${ENTRY}?salvato=attesa&doppio=1`);
      expect(await t.storage.responses.list("prova")).toHaveLength(0);
      const [pending] = await t.storage.paperEntries.list("prova");
      expect(pending).toMatchObject({ enteredBy: "anna", secondAnswers: null });

      const surveyPage = await request(t.app).get("/admin/questionari/prova").set("Cookie", anna.cookie);
      expect(surveyPage.text).toContain(
        `<a href="${ENTRY}">1 modulo cartaceo attende la seconda digitazione</a> (non ancora contati tra le risposte).`,
      );
      const list = await request(t.app).get(first.headers.location).set("Cookie", bruno.cookie);
      expect(list.text).toContain("Moduli in attesa della seconda digitazione");
      expect(list.text).toMatch(/id="f-doppio" name="doppio" value="1" checked/);
      // The second typing is blind: the first one's answers are not on the page.
      const blind = await request(t.app).get(`${ENTRY}/${pending.id}`).set("Cookie", bruno.cookie);
      expect(blind.status).toBe(200);
      expect(blind.text).toContain("Seconda digitazione di un modulo cartaceo");
      expect(blind.text).not.toContain("checked");
      expect(blind.text).not.toContain("Grazie</textarea>");

      const second = await post(bruno, `${ENTRY}/${pending.id}`, PAPER);
      expect(second.headers.location).toBe(`${ENTRY}?salvato=verificato&doppio=1`);
      const stored = await t.storage.responses.list("prova");
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ channel: "paper", enteredBy: "anna", answers: STORED });
      expect(await t.storage.paperEntries.list("prova")).toHaveLength(0);
      // Sending the same second typing again stores nothing more.
      expect((await post(bruno, `${ENTRY}/${pending.id}`, PAPER)).status).toBe(404);
      expect(await t.storage.responses.list("prova")).toHaveLength(1);
    },
  );

  it.skipIf(!available)("double entry: two operators confirming the same form at once store it once", async () => {
    await addUser(t.storage, "operator", "carla");
    const carla = await signIn(t.app, "carla");
    await post(anna, ENTRY, { ...PAPER, doppio: "1" });
    const [pending] = await t.storage.paperEntries.list("prova");
    const outcomes = await Promise.all([
      post(bruno, `${ENTRY}/${pending.id}`, PAPER),
      post(carla, `${ENTRY}/${pending.id}`, PAPER),
    ]);
    // The one that comes second finds the form registered (or already gone when it looks it up).
    const places = outcomes.map((r) => (r.status === 303 ? r.headers.location : String(r.status)));
    const stored = `${ENTRY}?salvato=verificato&doppio=1`;
    expect(places.filter((p) => p === stored)).toHaveLength(1);
    expect([`${ENTRY}?salvato=gia`, "404"]).toContain(places.find((p) => p !== stored));
    expect(await t.storage.responses.list("prova")).toHaveLength(1);
    expect(await t.storage.paperEntries.list("prova")).toHaveLength(0);
  });

  it.skipIf(!available)("double entry: the second typing must come from another operator", async () => {
    await post(anna, ENTRY, { ...PAPER, doppio: "1" });
    const [pending] = await t.storage.paperEntries.list("prova");
    const page = await request(t.app).get(`${ENTRY}/${pending.id}`).set("Cookie", anna.cookie);
    expect(page.text).toContain("deve essere fatta da un altro operatore");
    const refused = await post(anna, `${ENTRY}/${pending.id}`, PAPER);
    expect(refused.status).toBe(409);
    expect(refused.text).toContain("deve essere fatta da un altro operatore");
    expect(await t.storage.responses.list("prova")).toHaveLength(0);
    expect((await t.storage.paperEntries.list("prova"))[0]).toMatchObject({ secondAnswers: null });
    expect((await post(bruno, `${ENTRY}/${pending.id}`, PAPER)).headers.location).toBe(
      `${ENTRY}?salvato=verificato&doppio=1`,
    );
    expect(await t.storage.responses.list("prova")).toHaveLength(1);
  });

  it.skipIf(!available)(
    "double entry: differences are shown side by side and the response is stored once they are resolved",
    async () => {
      await post(anna, ENTRY, { ...PAPER, doppio: "1" });
      const [pending] = await t.storage.paperEntries.list("prova");
      const typo = await post(bruno, `${ENTRY}/${pending.id}`, {
        ...PAPER,
        importanza: "3",
        "uffici/cie": "1",
        "uffici/tari": "3_piu",
      });
      expect(typo.headers.location).toBe(`${ENTRY}/${pending.id}`);
      expect(await t.storage.responses.list("prova")).toHaveLength(0);

      const page = await request(t.app).get(typo.headers.location).set("Cookie", bruno.cookie);
      expect(page.text).toContain("Le due digitazioni differiscono in 2 domande");
      const rows = [...page.text.matchAll(/<tr[^>]*>\s*<th scope="row" id="d-([a-z_]+)">([^<]*)/g)].map((m) => [
        m[1],
        m[2],
      ]);
      expect(rows).toEqual([
        ["uffici", "7. Quanti uffici ha dovuto contattare?"],
        ["importanza", "9. Quanto è importante avere uno sportello unico?"],
      ]);
      expect(page.text).toMatch(
        /<label for="f-scelta-importanza">8<\/label>[\s\S]*<label for="f-scelta-importanza-seconda">3<\/label>/,
      );
      expect(page.text).toContain("Carta d&#39;identità elettronica: Due");

      // Choosing nothing is refused, and nothing is stored.
      const unresolved = await post(bruno, `${ENTRY}/${pending.id}/risolvi`, { scelta_importanza: "prima" });
      expect(unresolved.status).toBe(422);
      expect(unresolved.text).toContain('href="#f-scelta-uffici"');
      expect(await t.storage.responses.list("prova")).toHaveLength(0);

      const resolved = await post(bruno, `${ENTRY}/${pending.id}/risolvi`, {
        scelta_importanza: "prima",
        scelta_uffici: "seconda",
      });
      expect(resolved.headers.location).toBe(`${ENTRY}?salvato=risolto&doppio=1`);
      const stored = await t.storage.responses.list("prova");
      expect(stored).toHaveLength(1);
      expect(stored[0].answers).toEqual({ ...STORED, importanza: "8", "uffici/cie": "1", "uffici/tari": "3_piu" });
      expect(await t.storage.paperEntries.list("prova")).toHaveLength(0);
      expect(
        (await post(bruno, `${ENTRY}/${pending.id}/risolvi`, { scelta_importanza: "prima", scelta_uffici: "seconda" }))
          .status,
      ).toBe(404);
      expect(await t.storage.responses.list("prova")).toHaveLength(1);
      const actions = (await t.storage.audit.list()).map((a) => a.action);
      expect(actions).toEqual(
        expect.arrayContaining(["carta.prima_digitazione", "carta.seconda_digitazione", "carta.doppio_inserimento"]),
      );
    },
  );

  it.skipIf(!available)(
    "double entry: a combination of choices that breaks the survey's rules is refused; a typing can be repeated or discarded",
    async () => {
      await post(anna, ENTRY, { ...PAPER, doppio: "1" });
      const [pending] = await t.storage.paperEntries.list("prova");
      // The second operator also ticked IMU among the services used, and gave it a satisfaction score.
      await post(bruno, `${ENTRY}/${pending.id}`, {
        ...PAPER,
        usati: ["cie", "tari", "imu"],
        "soddisfazione/imu": "4",
      });
      const page = await request(t.app).get(`${ENTRY}/${pending.id}`).set("Cookie", bruno.cookie);
      expect(page.text).toContain("Le due digitazioni differiscono in 2 domande");
      // IMU among the services used, but the satisfaction grid without its row: the grid requires every row.
      const broken = await post(bruno, `${ENTRY}/${pending.id}/risolvi`, {
        scelta_usati: "seconda",
        scelta_soddisfazione: "prima",
      });
      expect(broken.status).toBe(422);
      expect(broken.text).toContain(
        "Le scelte fatte insieme non sono coerenti con le regole del questionario: Risponda per ogni riga.",
      );
      expect(await t.storage.responses.list("prova")).toHaveLength(0);
      // A resubmission of the blind form once the second typing is in is refused, not stored.
      expect((await post(bruno, `${ENTRY}/${pending.id}`, PAPER)).status).toBe(409);

      const again = await post(bruno, `${ENTRY}/${pending.id}/risolvi`, { azione: "ripeti" });
      expect(again.headers.location).toBe(`${ENTRY}/${pending.id}`);
      expect((await t.storage.paperEntries.list("prova"))[0].secondAnswers).toBeNull();

      const unconfirmed = await post(anna, `${ENTRY}/${pending.id}/elimina`, {});
      expect(unconfirmed.status).toBe(422);
      expect(await t.storage.paperEntries.list("prova")).toHaveLength(1);
      const discarded = await post(anna, `${ENTRY}/${pending.id}/elimina`, { conferma: "1" });
      expect(discarded.headers.location).toBe(`${ENTRY}?salvato=eliminato`);
      expect(await t.storage.paperEntries.list("prova")).toHaveLength(0);
      expect(await t.storage.responses.list("prova")).toHaveLength(0);
    },
  );

  it.skipIf(!available)("a pending entry of another survey or an unknown id is not found", async () => {
    await post(anna, ENTRY, { ...PAPER, doppio: "1" });
    const [pending] = await t.storage.paperEntries.list("prova");
    expect(
      (
        await request(t.app)
          .get(`/admin/questionari/personale_prova/inserimento/${pending.id}`)
          .set("Cookie", anna.cookie)
      ).status,
    ).toBe(404);
    expect((await request(t.app).get(`${ENTRY}/inesistente`).set("Cookie", anna.cookie)).status).toBe(404);
    expect(
      (await request(t.app).get("/admin/questionari/inesistente/inserimento").set("Cookie", anna.cookie)).status,
    ).toBe(404);
  });
});
