import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { join } from "node:path";
import { resolveView, type ResolveInput } from "../../src/web/fieldwork/entry-resolve-view.js";

const survey = loadDefinitions(join(import.meta.dirname, "../fixtures/surveys")).surveys.get("prova")!;
const title = survey.definition.title.it;
const input = (more: Partial<ResolveInput> = {}): ResolveInput => ({
  survey,
  entry: { id: "e1", by: "anna", at: "3 febbraio 2026, 10:15", secondBy: "bruno" },
  first: { importanza: "8", giudizio: "5" },
  second: { importanza: "3", giudizio: "5" },
  errors: {},
  problems: [],
  chosen: null,
  notice: null,
  ...more,
});

describe("the differences between two typings (views/admin/entry-resolve.ejs)", () => {
  it("lists each differing question, numbered as on paper, with both typings and nothing chosen", () => {
    const view = resolveView(input());
    expect(view.title).toBe(`Differenze tra le due digitazioni · ${title}`);
    expect(view.trail).toEqual([{ href: "/admin/questionari/prova", text: title }]);
    expect([view.firstBy, view.firstAt, view.secondBy, view.count]).toEqual([
      "anna",
      "3 febbraio 2026, 10:15",
      "bruno",
      "una domanda",
    ]);
    expect(view.action).toBe("/admin/questionari/prova/inserimento/e1/risolvi");
    expect(view.back).toBe("/admin/questionari/prova/inserimento");
    expect(view.summary).toEqual([]);
    const [row] = view.rows;
    expect(view.rows).toHaveLength(1);
    expect(row.heading).toMatch(/^9\. /);
    expect(row.headingId).toBe("d-importanza");
    expect(row.name).toBe("scelta_importanza");
    expect(row.first).toEqual({ id: "f-scelta-importanza", text: "8", checked: false });
    expect(row.second).toEqual({ id: "f-scelta-importanza-seconda", text: "3", checked: false });
    expect(row.error).toBeNull();
  });

  it("a refused choice: «Errore: », the question's error linked from the summary, the choices kept", () => {
    const view = resolveView(
      input({
        first: { importanza: "8", giudizio: "5" },
        second: { importanza: "3", giudizio: "2" },
        errors: { importanza: "Indichi quale delle due digitazioni corrisponde al modulo cartaceo." },
        chosen: { scelta_giudizio: "seconda" },
      }),
    );
    expect(view.title).toBe(`Errore: Differenze tra le due digitazioni · ${title}`);
    expect(view.count).toBe("2 domande");
    const importanza = view.rows.find((r) => r.name === "scelta_importanza")!;
    expect(importanza.error).toEqual({
      id: "e-scelta-importanza",
      text: "Indichi quale delle due digitazioni corrisponde al modulo cartaceo.",
    });
    const giudizio = view.rows.find((r) => r.name === "scelta_giudizio")!;
    expect([giudizio.first.checked, giudizio.second.checked]).toEqual([false, true]);
    expect(view.summary[0].href).toBe("#f-scelta-importanza");
  });

  it("choices that break the rules together: «Errore: » and the rules in the summary", () => {
    const view = resolveView(input({ problems: ["Risponda per ogni riga."] }));
    expect(view.title.startsWith("Errore: ")).toBe(true);
    expect(view.summary.at(-1)?.text).toContain(
      "non sono coerenti con le regole del questionario: Risponda per ogni riga.",
    );
  });
});
