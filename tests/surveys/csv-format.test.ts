import { describe, expect, it } from "vitest";
import {
  checkHeader,
  csvHeader,
  isoInstant,
  neutralise,
  parseRow,
  responseRow,
  restore,
  surveyColumns,
  versionColumns,
} from "../../src/surveys/csv-format.js";
import { codebook } from "../../src/surveys/codebook.js";
import { loadDefinitions, type LoadedSurvey } from "../../src/surveys/loader.js";
import { FIXTURE_SURVEYS } from "../helpers/app.js";

const prova = loadDefinitions(FIXTURE_SURVEYS).surveys.get("prova")!;

/** A later version of `prova`: `figli` and `scuola` removed, `nuova` added after `eta`, service `imu` retired. */
function version2(): LoadedSurvey {
  const definition = structuredClone(prova.definition);
  definition.version = 2;
  const profile = definition.pages[0];
  profile.questions = profile.questions.filter((q) => q.id !== "figli" && q.id !== "scuola");
  profile.questions.splice(1, 0, {
    id: "nuova",
    type: "text",
    maxLength: 20,
    required: false,
    label: { it: "Nuova", en: "New" },
  });
  const catalogue = structuredClone(prova.catalogue!);
  catalogue.services.find((s) => s.code === "imu")!.retired = true;
  return { ...prova, definition, catalogue };
}

describe("the columns of the response CSV", () => {
  it("lists every question in definition order, a matrix row by row (all rows its definition can produce), and 'other' texts", () => {
    expect(versionColumns(prova).map((c) => c.key)).toEqual([
      "eta",
      "quartiere",
      "quartiere/other",
      "figli",
      "scuola",
      "usati",
      "usati/other",
      "soddisfazione/cie",
      "soddisfazione/certificati",
      "soddisfazione/tari",
      "soddisfazione/imu",
      "soddisfazione/vecchio",
      "uffici/cie",
      "uffici/certificati",
      "uffici/tari",
      "uffici/imu",
      "uffici/vecchio",
      "classifica",
      "importanza",
      "orari",
      "ultima_visita",
      "nome_ufficio",
      "giudizio",
      "commento",
    ]);
  });

  it("leaves out a retired service's matrix row unless some response answered it", () => {
    const none = new Set<string>();
    expect(versionColumns(prova, none).map((c) => c.key)).not.toContain("soddisfazione/vecchio");
    expect(versionColumns(prova, new Set(["uffici/vecchio"])).map((c) => c.key)).toContain("uffici/vecchio");
    expect(versionColumns(prova, new Set(["uffici/vecchio"])).map((c) => c.key)).not.toContain("soddisfazione/vecchio");
  });

  it("is the union over the published versions, so older responses fit: a removed question keeps its place", () => {
    const columns = surveyColumns([prova, version2()], new Set());
    const keys = columns.map((c) => c.key);
    expect(keys.slice(0, 6)).toEqual(["eta", "nuova", "quartiere", "quartiere/other", "figli", "scuola"]);
    expect(columns.find((c) => c.key === "figli")!.versions).toEqual([1]);
    expect(columns.find((c) => c.key === "nuova")!.versions).toEqual([2]);
    expect(columns.find((c) => c.key === "eta")!.versions).toEqual([1, 2]);
    // imu is active in version 1, retired (and unanswered) in version 2: the row exists because of version 1.
    expect(columns.find((c) => c.key === "soddisfazione/imu")!.versions).toEqual([1]);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("puts the fixed columns first and 'synthetic' last only when asked", () => {
    const columns = surveyColumns([prova], new Set());
    expect(csvHeader(columns, false).slice(0, 5)).toEqual([
      "response_id",
      "survey_version",
      "channel",
      "submitted_at",
      "eta",
    ]);
    expect(csvHeader(columns, false)).not.toContain("synthetic");
    expect(csvHeader(columns, true).at(-1)).toBe("synthetic");
  });
});

describe("cells a spreadsheet would run as a formula", () => {
  it.each([
    ["=SUM(A1)", "'=SUM(A1)"],
    ["+39 02", "'+39 02"],
    ["-meno", "'-meno"],
    ["@home", "'@home"],
    ["\tTab", "'\tTab"],
    ["\rCR", "'\rCR"],
    ["'già un apostrofo", "''già un apostrofo"],
    ["-3", "-3"],
    ["-2.5", "-2.5"],
    ["ciao = 1", "ciao = 1"],
    ["", ""],
  ])("%j is written as %j and read back exactly", (value, written) => {
    expect(neutralise(value)).toBe(written);
    expect(restore(neutralise(value))).toBe(value);
  });
});

describe("rows", () => {
  const columns = surveyColumns([prova], new Set());
  const header = csvHeader(columns, true);
  const response = {
    id: "0b8e4c1e-6a43-4c1b-9d43-2f1c2a0f3b11",
    surveyVersion: 1,
    channel: "paper",
    submittedAt: "2026-03-01T09:15:00.000Z",
    synthetic: true,
    answers: { eta: "45_64", usati: "cie tari", "soddisfazione/cie": "8", nome_ufficio: "=1+1", commento: 'a, "b"\nc' },
  };

  it("a response becomes a row and the row becomes the same response", () => {
    const row = responseRow(columns, response, true);
    expect(row).toHaveLength(header.length);
    expect(row[header.indexOf("nome_ufficio")]).toBe("'=1+1");
    expect(row[header.indexOf("scuola")]).toBe("");
    expect(row.at(-1)).toBe("1");
    const parsed = parseRow(header, row);
    expect(parsed).toEqual({
      ok: true,
      row: {
        responseId: response.id,
        surveyVersion: 1,
        channel: "paper",
        submittedAt: response.submittedAt,
        synthetic: true,
        answers: response.answers,
      },
    });
  });

  it("says what is wrong with a bad row", () => {
    const row = responseRow(columns, response, true);
    row[1] = "uno";
    row[2] = "fax";
    row[3] = "ieri";
    row[header.length - 1] = "forse";
    const parsed = parseRow(header, row);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems).toEqual([
      "survey_version «uno» non è un numero di versione",
      "channel «fax» non è tra web, kiosk, paper, import",
      "submitted_at «ieri» non è una data e ora ISO 8601 (ad esempio 2025-03-31T10:15:00Z)",
      "synthetic «forse» deve essere 0 o 1",
    ]);
    expect(parseRow(header, row.slice(1))).toEqual({
      ok: false,
      problems: [`la riga ha ${header.length - 1} campi invece di ${header.length}`],
    });
  });

  it("checks the header: fixed columns, unknown and repeated columns", () => {
    const allowed = new Set(columns.map((c) => c.key));
    expect(checkHeader(header, allowed)).toEqual([]);
    expect(checkHeader(["response_id", "channel", "submitted_at", "eta", "eta", "colore"], allowed)).toEqual([
      "manca la colonna «survey_version»",
      "la colonna «eta» è ripetuta",
      "la colonna «colore» non corrisponde a nessuna domanda del questionario",
    ]);
  });

  it("reads dates with a zone and normalises them as the database stores them", () => {
    expect(isoInstant("2026-03-01T10:15:00+01:00")).toBe("2026-03-01T09:15:00.000Z");
    expect(isoInstant("2026-03-01T09:15Z")).toBe("2026-03-01T09:15:00.000Z");
    expect(isoInstant("2026-03-01 09:15")).toBeNull();
    expect(isoInstant("2026-02-30T09:15:00Z")).toBeNull();
    expect(isoInstant("2026-03-01T24:00:00Z")).toBeNull();
  });
});

describe("the codebook", () => {
  it("describes every CSV column, in the CSV's order, with values, labels, role and versions", () => {
    const entries = codebook([prova, version2()], new Set());
    expect(entries.map((e) => e.column)).toEqual([
      "response_id",
      "survey_version",
      "channel",
      "submitted_at",
      ...surveyColumns([prova, version2()], new Set()).map((c) => c.key),
      "synthetic",
    ]);
    const eta = entries.find((e) => e.column === "eta")!;
    expect(eta).toMatchObject({
      type: "single",
      label: { it: "Quanti anni ha?", en: "How old are you?" },
      role: "weighting",
      versions: [1, 2],
    });
    expect(eta.values.map((v) => v.value)).toEqual(["18_44", "45_64", "65_plus"]);
    const row = entries.find((e) => e.column === "soddisfazione/cie")!;
    expect(row.label.it).toBe("Quanto è soddisfatto di ciascun servizio? — Carta d'identità elettronica");
    expect(row.values.map((v) => v.value)).toEqual(["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "non_so"]);
    const usati = entries.find((e) => e.column === "usati")!;
    expect(usati.values.find((v) => v.value === "vecchio")!.label.it).toBe("Servizio dismesso (dismesso)");
    expect(usati.values.at(-1)).toEqual({ value: "other", label: { it: "Altro", en: "Other" } });
    expect(entries.find((e) => e.column === "usati/other")!.type).toBe("text");
    expect(entries.find((e) => e.column === "figli")!).toMatchObject({
      versions: [1],
      note: "numero intero da 0 a 20",
    });
  });
});
