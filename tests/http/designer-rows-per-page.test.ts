import { beforeAll, describe, expect, it } from "vitest";
import { findSurveyDraft, saveSurveyDraft } from "../../src/storage/sqlite-designer.js";
import { createTestApp, type TestApp } from "../helpers/app.js";
import { createUser, getAs, postAs, signIn } from "../helpers/auth.js";

let t: TestApp;
let admin: { cookie: string; csrf: string };
const BASE = "/admin/designer/servizi_usati";
const text = (it: string) => ({ it, en: it });
const choices = ["a", "b", "c", "d", "e"].map((v) => ({ value: v, label: text(`Servizio ${v}`) }));

beforeAll(async () => {
  t = createTestApp();
  await createUser(t.db, "admin");
  admin = await signIn(t.app, "admin");
  expect(
    (
      await postAs(t.app, admin, "/admin/designer", {
        id: "servizi_usati",
        "title.it": "Servizi",
        "title.en": "Services",
      })
    ).status,
  ).toBe(303);
  const draft = findSurveyDraft(t.db, "servizi_usati")!.draft;
  draft.pages = [
    {
      id: "scelta",
      title: text("Scelta"),
      questions: [{ id: "usati", type: "multi", label: text("Quali?"), choices, required: true } as never],
    },
    {
      id: "giudizi",
      title: text("Giudizi"),
      questions: [
        {
          id: "voto",
          type: "matrix",
          label: text("Voto"),
          rows: { from: "question", question: "usati" },
          columns: [
            { value: "1", label: text("Male") },
            { value: "2", label: text("Bene") },
          ],
        } as never,
      ],
    },
  ];
  saveSurveyDraft(t.db, draft, "admin");
});

const page = (id: string, fields: Record<string, string>) =>
  postAs(t.app, admin, `${BASE}/pagine/${id}`, { "title.it": "Titolo", "title.en": "Title", ...fields });

describe("the designer's page form: rows a page for a page of grids for each service used", () => {
  it("sets and clears rowsPerPage on a page of grids, and shows it back", async () => {
    expect((await getAs(t.app, admin, `${BASE}/pagine/giudizi`)).text).toContain('name="rowsPerPage"');
    expect((await page("giudizi", { rowsPerPage: "2" })).status).toBe(303);
    expect(findSurveyDraft(t.db, "servizi_usati")!.draft.pages[1].rowsPerPage).toBe(2);
    expect((await getAs(t.app, admin, `${BASE}/pagine/giudizi`)).text).toMatch(/name="rowsPerPage"[^>]*value="2"/);
    expect((await page("giudizi", { rowsPerPage: "" })).status).toBe(303);
    expect(findSurveyDraft(t.db, "servizi_usati")!.draft.pages[1].rowsPerPage).toBeUndefined();
  });

  it("refuses a value that is not a whole number, and a page that is not only grids of the same rows, saying why", async () => {
    const bad = await page("giudizi", { rowsPerPage: "quattro" });
    expect(bad.status).toBe(422);
    expect(bad.text).toContain("Scriva un numero intero da 1 a 50, oppure lasci vuoto.");
    const wrong = await page("scelta", { rowsPerPage: "2" });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain(
      "rowsPerPage divide una pagina di sole griglie con le righe prese dalla stessa domanda precedente",
    );
    expect(findSurveyDraft(t.db, "servizi_usati")!.draft.pages[0].rowsPerPage).toBeUndefined();
  });
});
