import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compatibilityProblems, looseTypeProblems } from "../../src/surveys/compatibility.js";
import { surveySchema, type SurveyDefinition } from "../../src/surveys/schema.js";
import { FIXTURE_SURVEYS } from "../helpers/app.js";

const v1 = (): SurveyDefinition =>
  surveySchema.parse(JSON.parse(readFileSync(join(FIXTURE_SURVEYS, "prova.json"), "utf8")));
/** The fixture's next version, changed by `edit`. */
function next(edit: (s: any) => void, version = 2): SurveyDefinition {
  const s = structuredClone(v1()) as any;
  s.version = version;
  edit(s);
  return surveySchema.parse(s);
}
const question = (s: any, id: string): any => s.pages.flatMap((p: any) => p.questions).find((q: any) => q.id === id);

describe("a new version may not change the meaning of what was published", () => {
  it("accepts new wording, new questions, new choice values and removed questions", () => {
    const changed = next((s) => {
      question(s, "eta").label.it = "La sua età";
      question(s, "eta").choices[0].label.it = "Tra 18 e 44 anni";
      question(s, "eta").choices.push({ value: "75_plus", label: { it: "75 o più", en: "75 or over" } });
      s.pages[0].questions.push({ id: "nuova", type: "text", label: { it: "Nuova", en: "New" } });
    });
    expect(compatibilityProblems(changed, [v1()])).toEqual([]);
  });

  it("refuses a version number that is not higher than the published one", () => {
    expect(
      compatibilityProblems(
        next(() => undefined, 1),
        [v1()],
      ),
    ).toEqual([{ path: "version", message: expect.stringContaining("la versione 1 è già pubblicata") }]);
  });

  it("refuses a change of type, naming the question, the version and what to do", () => {
    const changed = next((s) => {
      const at = s.pages[0].questions.findIndex((q: any) => q.id === "eta");
      s.pages[0].questions[at] = { id: "eta", type: "scale", label: { it: "Età", en: "Age" }, min: 1, max: 5 };
    });
    expect(compatibilityProblems(changed, [v1()])).toEqual([
      {
        path: "pages[0].questions[0].type",
        message:
          "la domanda «eta» era a scelta singola nella versione 1: non può diventare una scala. Usi un nuovo id.",
      },
    ]);
  });

  it("refuses a removed question id brought back later with another type", () => {
    const v2 = next((s) => (s.pages[0].questions = s.pages[0].questions.filter((q: any) => q.id !== "eta")));
    const v3 = next((s) => {
      const at = s.pages[0].questions.findIndex((q: any) => q.id === "eta");
      s.pages[0].questions[at] = { id: "eta", type: "number", label: { it: "Anni", en: "Years" } };
    }, 3);
    expect(compatibilityProblems(v2, [v1()])).toEqual([]);
    expect(compatibilityProblems(v3, [v1(), v2])).toEqual([
      {
        path: "pages[0].questions[0].type",
        message: expect.stringContaining(
          "era a scelta singola nella versione 1: non può diventare una domanda numerica",
        ),
      },
    ]);
  });

  it("keeps a scale's ends and its «non so»", () => {
    const scale = v1()
      .pages.flatMap((p) => p.questions)
      .find((q) => q.type === "scale")!;
    const changed = next((s) => (question(s, scale.id).max = 5));
    expect(compatibilityProblems(changed, [v1()])).toEqual([
      {
        path: expect.stringMatching(/\.max$/),
        message: expect.stringContaining(`la domanda «${scale.id}» era una scala da 1 a`),
      },
    ]);
    const dontKnow = next((s) => (question(s, scale.id).dontKnow = !(scale as any).dontKnow));
    expect(compatibilityProblems(dontKnow, [v1()])[0].path).toMatch(/\.dontKnow$/);
  });

  it("keeps a matrix's columns or scale", () => {
    const matrices = v1()
      .pages.flatMap((p) => p.questions)
      .filter((q) => q.type === "matrix") as any[];
    const named = matrices.find((m) => m.columns);
    const scaled = matrices.find((m) => m.scale);
    const renamed = next((s) => (question(s, named.id).columns[0].value = "altra_colonna"));
    expect(compatibilityProblems(renamed, [v1()])).toEqual([
      {
        path: expect.stringMatching(/\.columns$/),
        message: expect.stringContaining("i valori delle colonne non possono cambiare"),
      },
    ]);
    const relabelled = next((s) => (question(s, named.id).columns[0].label.it = "Nuova etichetta"));
    expect(compatibilityProblems(relabelled, [v1()])).toEqual([]);
    const rescaled = next((s) => (question(s, scaled.id).scale.max = scaled.scale.max + 1));
    expect(compatibilityProblems(rescaled, [v1()])).toEqual([
      { path: expect.stringMatching(/\.scale\.max$/), message: expect.stringContaining("aveva una scala") },
    ]);
  });

  it("keeps a value reserved once published: it can't come back meaning something else", () => {
    const dropped = next(
      (s) => (question(s, "eta").choices = question(s, "eta").choices.filter((c: any) => c.value !== "65_plus")),
    );
    const reused = next((s) => {
      question(s, "eta").choices = question(s, "eta").choices.filter((c: any) => c.value !== "65_plus");
      question(s, "eta").choices.push({
        value: "65_plus",
        label: { it: "Preferisco non dirlo", en: "Prefer not to say" },
      });
    }, 3);
    const restored = next((s) => s, 3);
    expect(compatibilityProblems(dropped, [v1()])).toEqual([]);
    expect(compatibilityProblems(reused, [v1(), dropped])).toEqual([
      {
        path: "pages[0].questions[0].choices[2].value",
        message:
          "il valore «65_plus» della domanda «eta» significava «65 anni o più» nella versione 1 ed è riservato: non si può riusare per «Preferisco non dirlo». Usi un nuovo valore.",
      },
    ]);
    expect(compatibilityProblems(restored, [v1(), dropped])).toEqual([]);
  });

  it("keeps the score of a published value", () => {
    const changed = next((s) => (question(s, "eta").choices[0].score = 30));
    expect(compatibilityProblems(changed, [v1()])).toEqual([
      {
        path: "pages[0].questions[0].choices[0].score",
        message: expect.stringContaining("il punteggio di un valore pubblicato non cambia"),
      },
    ]);
  });

  it("keeps whether a published value excludes the others", () => {
    const exclusive = v1()
      .pages.flatMap((p) => p.questions)
      .flatMap((q) =>
        "choices" in q && q.choices ? q.choices.filter((c) => c.exclusive).map((c) => ({ q, c })) : [],
      )[0];
    const changed = next(
      (s) => (question(s, exclusive.q.id).choices.find((c: any) => c.value === exclusive.c.value).exclusive = false),
    );
    expect(compatibilityProblems(changed, [v1()])).toEqual([
      {
        path: expect.stringMatching(/\.exclusive$/),
        message: expect.stringContaining(
          `il valore «${exclusive.c.value}» della domanda «${exclusive.q.id}» si sceglieva da solo`,
        ),
      },
    ]);
  });

  it("refuses choices switched between a list and the catalogue, and a change of catalogue", () => {
    const withCatalogue = v1()
      .pages.flatMap((p) => p.questions)
      .find((q) => "choicesFrom" in q && q.choicesFrom)!;
    const switched = next((s) => {
      const q = question(s, withCatalogue.id);
      delete q.choicesFrom;
      q.choices = [{ value: "cie", label: { it: "CIE", en: "ID card" } }];
    });
    expect(compatibilityProblems(switched, [v1()])[0].message).toContain(
      "prendeva le scelte dal catalogo dei servizi nella versione 1",
    );
    const otherCatalogue = next((s) => (s.catalogue = "altro_catalogo"));
    expect(compatibilityProblems(otherCatalogue, [v1()])).toEqual([
      { path: "catalogue", message: expect.stringContaining("usava il catalogo «catalogo_prova»") },
    ]);
  });

  it("finds a change of type even in a file that doesn't have the right shape yet", () => {
    const raw = structuredClone(v1()) as any;
    raw.version = 2;
    raw.pages[0].questions[0].type = "scale";
    raw.pages[0].questions[0].max = "cinque";
    expect(looseTypeProblems(raw, [v1()])).toEqual([
      {
        path: "pages[0].questions[0].type",
        message:
          "la domanda «eta» era a scelta singola nella versione 1: non può diventare una scala. Usi un nuovo id.",
      },
    ]);
    expect(looseTypeProblems({ id: "prova", pages: "no" }, [v1()])).toEqual([]);
    expect(looseTypeProblems(null, [v1()])).toEqual([]);
  });

  it("has nothing to say about a survey never published", () => {
    expect(
      compatibilityProblems(
        next(() => undefined, 1),
        [],
      ),
    ).toEqual([]);
  });
});
