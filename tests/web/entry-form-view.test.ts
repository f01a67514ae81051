import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { versionKey } from "../../src/surveys/kinds/maxdiff.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { entryFormView, type EntryFormInput } from "../../src/web/fieldwork/entry-form-view.js";

const surveys = loadDefinitions(join(import.meta.dirname, "../fixtures/maxdiff")).surveys;
const bw = surveys.get("bw")!;
const input = (more: Partial<EntryFormInput> = {}): EntryFormInput => ({
  survey: bw,
  errors: [],
  entry: null,
  values: {},
  designVersion: 1,
  formLang: "it",
  double: false,
  notice: null,
  sameOperator: false,
  confirmError: null,
  pending: [],
  ...more,
});
const title = bw.definition.title.it;

describe("the paper entry form's view (views/admin/entry.ejs)", () => {
  it("titles a new form and a second typing, with «Errore: » when answers are refused", () => {
    expect(entryFormView(input()).title).toBe(`Inserimento dei questionari cartacei · ${title}`);
    const second = entryFormView(input({ entry: { id: "e1", by: "anna", at: "oggi" } }));
    expect(second.title).toBe(`Seconda digitazione · ${title}`);
    expect(second.heading).toBe("Seconda digitazione di un modulo cartaceo");
    const refused = entryFormView(input({ errors: [{ question: "x", field: "x", message: "Manca" }] }));
    expect(refused.title).toBe(`Errore: Inserimento dei questionari cartacei · ${title}`);
    expect(refused.errorTitle).toBe("C'è una risposta da correggere: il questionario non è stato registrato");
    const two = [1, 2].map((i) => ({ question: `q${i}`, field: `q${i}`, message: "Manca" }));
    expect(entryFormView(input({ errors: two })).errorTitle).toBe(
      "Ci sono 2 risposte da correggere: il questionario non è stato registrato",
    );
  });

  it("offers each printed design version of the best–worst question, the one shown selected", () => {
    const view = entryFormView(input({ designVersion: 2 }));
    expect(view.versionOptions.map((o) => o.value)).toEqual([1, 2, 3, 4]);
    expect(view.versionOptions.filter((o) => o.selected).map((o) => o.value)).toEqual([2]);
    // Past the last version the questions show the last one, and so does the picker.
    const past = entryFormView(input({ designVersion: 9 })).versionOptions;
    expect(past.filter((o) => o.selected).map((o) => o.value)).toEqual([4]);
    expect(view.langOptions).toEqual([
      { value: "it", label: "Italiano", selected: true },
      { value: "en", label: "English", selected: false },
    ]);
  });

  it("selects the version a refused form was typed with, as its questions show it", () => {
    const question = bw.definition.pages.flatMap((p) => p.questions).find((q) => q.type === "maxdiff")!;
    const sentBack = entryFormView(input({ designVersion: 1, values: { [versionKey(question)]: "3" } }));
    expect(sentBack.questions.find((qv) => qv.maxdiff)?.maxdiff?.version).toBe(3);
    expect(sentBack.versionOptions.filter((o) => o.selected).map((o) => o.value)).toEqual([3]);
  });

  it("lists the pending typings on a new form, and gives a second typing its own action and discard form instead", () => {
    const pending = [
      { id: "a", by: "anna", at: "ieri", second: false },
      { id: "b", by: "bruno", at: "oggi", second: true },
    ];
    const fresh = entryFormView(input({ pending, double: true }));
    const base = `/admin/questionari/${bw.definition.id}/inserimento`;
    expect(fresh.action).toBe(base);
    expect(fresh.double).toEqual({ checked: true });
    expect(fresh.discard).toBeNull();
    expect(fresh.pending).toEqual([
      { at: "ieri", by: "anna", status: "In attesa", href: `${base}/a`, link: "Seconda digitazione", position: 1 },
      {
        at: "oggi",
        by: "bruno",
        status: "Differenze da risolvere",
        href: `${base}/b`,
        link: "Risolvi le differenze",
        position: 2,
      },
    ]);
    const second = entryFormView(
      input({ pending, entry: { id: "e1", by: "anna", at: "oggi" }, confirmError: "Spunti" }),
    );
    expect(second.action).toBe(`${base}/e1`);
    expect(second.double).toBeNull();
    expect(second.pending).toEqual([]);
    expect(second.discard).toEqual({ action: `${base}/e1/elimina`, confirmError: "Spunti" });
    expect(second.submitLabel).toBe("Confronta e registra");
  });
});
