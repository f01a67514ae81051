import { describe, expect, it } from "vitest";
import { changesOf, codebookOf, columnKeys, parse, problemsOf, summary, surveyWith } from "./helpers.js";

const survey = surveyWith(
  { id: "usati", type: "multi", choicesFrom: "catalogue" },
  {
    id: "voto",
    type: "matrix",
    rows: { from: "question", question: "usati" },
    scale: { min: 1, max: 5, dontKnow: true },
    required: true,
  },
);

describe("the matrix kind", () => {
  it("stores one answer per row shown, under id/row", () => {
    expect(parse(survey, "voto", { "voto/cie": "4", "voto/tari": "non_so" }, { usati: "cie tari" })).toEqual({
      answers: { "voto/cie": "4", "voto/tari": "non_so" },
      errors: [],
    });
  });

  it("requires every row shown, and refuses a value outside the columns", () => {
    const result = parse(survey, "voto", { "voto/cie": "9" }, { usati: "cie tari" });
    expect(result.errors.map((e) => e.field)).toEqual(["voto/cie", "voto/tari"]);
  });

  it("has a column for every row the definition can produce; a retired service only when answered", () => {
    expect(columnKeys(survey, "voto", new Set())).toEqual(["voto/cie", "voto/anagrafe", "voto/tari", "voto/imu"]);
    expect(columnKeys(survey, "voto", new Set(["voto/scuola"]))).toContain("voto/scuola");
    // What an import may accept: every row, retired ones included.
    expect(columnKeys(survey, "voto")).toHaveLength(5);
    expect(codebookOf(survey, "voto", 0)).toMatchObject({
      type: "matrix",
      note: "riga «cie»",
      label: { it: "Domanda voto — Servizio cie" },
    });
  });

  it("shows one line per answered row, with the row's label", () => {
    expect(summary(survey, "voto", { usati: "cie tari", "voto/cie": "4", "voto/tari": "non_so" })).toEqual([
      { label: "Servizio cie", value: "4" },
      { label: "Servizio tari", value: "Non so" },
    ]);
  });
});

describe("the matrix kind's definition check", () => {
  it("refuses rows from a question that is not an earlier multiple choice, and a scale with max not above min", () => {
    const bad = surveyWith({
      id: "voto",
      type: "matrix",
      rows: { from: "question", question: "usati" },
      scale: { min: 3, max: 3 },
    });
    expect(problemsOf(bad, "voto")).toEqual([
      { path: "q.scale.max", message: "max deve essere maggiore di min" },
      { path: "q.rows.question", message: '"usati" non è una domanda a scelta multipla precedente' },
      { path: "q.rows", message: 'le righe dipendono da "usati", che deve stare in una pagina precedente' },
    ]);
  });
});

describe("the matrix kind's compatibility rule", () => {
  it("keeps its kind of columns and where its rows come from", () => {
    const columns = [
      { value: "si", label: { it: "Sì", en: "Yes" } },
      { value: "no", label: { it: "No", en: "No" } },
    ];
    const after = surveyWith(
      { id: "usati", type: "multi", choicesFrom: "catalogue" },
      { id: "voto", type: "matrix", rows: { from: "catalogue" }, columns },
    );
    expect(changesOf(survey, after, "voto")).toEqual([
      {
        path: "q.columns",
        message:
          "la domanda «voto» era una griglia a scala numerica nella versione 1: non può cambiare tipo di colonne. Usi un nuovo id.",
      },
      {
        path: "q.rows",
        message:
          "la domanda «voto» aveva le righe dalle scelte di una domanda precedente nella versione 1: non può passare a le righe dal catalogo. Usi un nuovo id.",
      },
    ]);
  });
});
