import { describe, expect, it } from "vitest";
import { isIsoDate, parseNumber, parsePage, toIsoDate } from "../../src/surveys/answers.js";
import { pruneAnswers, visiblePages } from "../../src/surveys/flow.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { answersToBody, validateAnswers } from "../../src/surveys/validate.js";
import type { Question } from "../../src/surveys/schema.js";
import { FIXTURE_SURVEYS } from "../helpers/app.js";

const survey = loadDefinitions(FIXTURE_SURVEYS).surveys.get("prova")!;
const page = (id: string) => survey.definition.pages.find((p) => p.id === id)!;

describe("parsing a page of answers", () => {
  it("turns form fields into stored strings and ignores fields of other questions", () => {
    const result = parsePage(
      survey,
      page("profilo"),
      { eta: "18_44", quartiere: "centro", figli: " 3 ", scuola: "no", importanza: "5", intruso: "x" },
      {},
      "it",
    );
    expect(result.errors).toEqual([]);
    expect(result.answers).toEqual({ eta: "18_44", quartiere: "centro", figli: "3", scuola: "no" });
  });

  it("drops an answer to a question hidden by an answer on the same page", () => {
    const result = parsePage(
      survey,
      page("profilo"),
      { eta: "18_44", quartiere: "centro", figli: "0", scuola: "si" },
      {},
      "it",
    );
    expect(result.answers.scuola).toBeUndefined();
  });

  it("reports a field error per problem, in the page's language", () => {
    const it = parsePage(
      survey,
      page("profilo"),
      { eta: ["18_44", "45_64"], quartiere: "marte", figli: "2.5" },
      {},
      "it",
    );
    expect(it.errors).toEqual([
      { question: "eta", field: "eta", message: "Scelga una delle risposte proposte." },
      { question: "quartiere", field: "quartiere", message: "Scelga una delle risposte proposte." },
      { question: "figli", field: "figli", message: "Scriva un numero intero, senza decimali." },
    ]);
    const en = parsePage(survey, page("profilo"), { quartiere: "centro", figli: "21" }, {}, "en");
    expect(en.errors.map((e) => e.message)).toEqual(["Please answer this question.", "The number must be at most 20."]);
  });

  it("reads every row of a matrix whose rows are the services ticked earlier", () => {
    const previous = { eta: "18_44", quartiere: "centro", usati: "cie tari" };
    const result = parsePage(
      survey,
      page("esperienza"),
      { "soddisfazione/cie": "8", "soddisfazione/tari": "non_so", "soddisfazione/imu": "3" },
      previous,
      "it",
    );
    expect(result.errors).toEqual([]);
    expect(result.answers).toEqual({ "soddisfazione/cie": "8", "soddisfazione/tari": "non_so" });
    const missing = parsePage(survey, page("esperienza"), { "soddisfazione/cie": "8" }, previous, "it");
    expect(missing.errors).toEqual([
      { question: "soddisfazione", field: "soddisfazione/tari", message: "Risponda per ogni riga." },
    ]);
  });

  it("refuses a retired service and a value outside the catalogue", () => {
    const result = parsePage(survey, page("servizi"), { usati: ["vecchio"] }, {}, "it");
    expect(result.errors[0].message).toBe("Scelga una delle risposte proposte.");
  });

  it("reads numbers with a decimal comma and real calendar dates only", () => {
    expect(parseNumber("3,5")).toBe(3.5);
    expect(parseNumber("-12")).toBe(-12);
    expect(parseNumber("1.234,5")).toBeNull();
    expect(parseNumber("1e3")).toBeNull();
    expect(parseNumber("")).toBeNull();
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2025-02-29")).toBe(false);
    expect(isIsoDate("31/03/2025")).toBe(false);
    expect(toIsoDate("31/03/2025")).toBe("2025-03-31");
    expect(toIsoDate("1.3.2025")).toBe("2025-03-01");
    expect(toIsoDate("2025-03-31")).toBe("2025-03-31");
    expect(toIsoDate("31/02/2025")).toBeNull();
    expect(toIsoDate("03/31/2025")).toBeNull();
  });
});

describe("validating a whole set of answers", () => {
  const complete = {
    eta: "45_64",
    quartiere: "centro",
    figli: "0",
    usati: "cie",
    "soddisfazione/cie": "7",
    classifica: "cie tari",
    orari: "mattina",
  };

  it("accepts complete answers and returns them unchanged", () => {
    expect(validateAnswers(survey, complete, "it")).toEqual({ ok: true, answers: complete });
  });

  it("names the first page with a missing answer", () => {
    const { classifica: _, ...incomplete } = complete;
    const result = validateAnswers(survey, incomplete, "it");
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.page.pageId).toBe("priorita");
  });

  it("drops answers to hidden questions and to rows no longer shown", () => {
    const result = validateAnswers(survey, { ...complete, scuola: "si", "soddisfazione/tari": "3" }, "it");
    expect(result).toEqual({ ok: true, answers: complete });
    expect(pruneAnswers(survey, { ...complete, scuola: "si" })).toEqual(complete);
  });

  it("rebuilds the form fields of stored answers", () => {
    expect(answersToBody(page("priorita").questions, complete)).toEqual({
      "classifica/1": "cie",
      "classifica/2": "tari",
      orari: ["mattina"],
    });
    // Matrix rows and "other" texts go to the question that owns them, not to one whose id merely starts the same.
    const qs = [
      { id: "uffici", type: "matrix" },
      { id: "usati", type: "multi" },
    ] as unknown as Question[];
    const stored = {
      uffici: "x",
      "uffici/cie": "2",
      "uffici_bis/cie": "9",
      "usati/other": "biblioteca",
      usati: "cie other",
      "altro/cie": "1",
    };
    expect(answersToBody(qs, stored)).toEqual({
      uffici: "x",
      "uffici/cie": "2",
      usati: ["cie", "other"],
      "usati/other": "biblioteca",
    });
    expect(visiblePages(survey, complete).map((p) => p.id)).toEqual([
      "profilo",
      "servizi",
      "esperienza",
      "priorita",
      "altro",
    ]);
    // The last page is shown only once the age is known; the experience page only once a service is ticked.
    expect(visiblePages(survey, {}).map((p) => p.id)).toEqual(["profilo", "servizi", "priorita"]);
  });
});
