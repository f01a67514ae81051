import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";
import { loadDefinitions, type LoadedSurvey } from "../../src/surveys/loader.js";
import { allQuestions } from "../../src/surveys/options.js";
import { EMPTY_MARGINS_FORM, marginsPage, type MarginsForm } from "../../src/web/report/margins-view.js";

const ROOT = join(import.meta.dirname, "../..");
const survey = loadDefinitions(join(ROOT, "surveys")).surveys.get("cittadini")!;
const MARGINS = join(ROOT, "reports/margins/limbiate.csv");
const inputs = { settings: DEFAULT_SETTINGS, storedMargins: undefined, citizens: [] };
const page = (form: MarginsForm = EMPTY_MARGINS_FORM) => marginsPage(inputs, survey, MARGINS, form, null);

describe("the census margins page (views/admin/report-margins.ejs)", () => {
  it("titles the page and gives each margin its table's caption and total", () => {
    const view = page();
    expect(view.title).toBe(`Margini di censimento · ${survey.definition.title.it}`);
    expect(view.trail.at(-1)).toEqual({ href: "/admin/questionari/cittadini", text: survey.definition.title.it });
    expect(view.action).toBe("/admin/questionari/cittadini/margini");
    // The shipped file is in use: there is nothing to go back to.
    expect(view.restoreAction).toBeNull();
    const area = view.tables.find((t) => t.caption === "Margine «quartiere»: popolazione per categoria")!;
    expect(area.foot.head).toBe("Totale");
    expect(area.foot.cells[1]).toBe("100 %");
    expect(area.rows.every((r) => r.code)).toBe(true);
  });

  it("ties each refused field to its error, and the pasted file to its problems line by line", () => {
    const clean = page();
    expect(clean.csvField).toEqual({ value: "", error: null, describedBy: "h-csv" });
    expect(clean.kindField).toEqual({ error: null, describedBy: "h-kind", verified: false, illustrative: false });
    expect(clean.summaryDetail).toBeNull();
    const refused = page({
      values: { csv: "a,b", source: "", kind: "illustrativi", name: "x.csv" },
      errors: { csv: "Il file ha problemi.", name: "Troppo lungo", kind: "Scelga." },
      lineErrors: ["Riga 2: manca la popolazione."],
    });
    expect(refused.csvField).toEqual({
      value: "a,b",
      error: "Il file ha problemi.",
      describedBy: "h-csv e-csv margins-problems",
    });
    expect(refused.nameField).toEqual({ value: "x.csv", error: "Troppo lungo", describedBy: "h-name e-name" });
    // The page's title says at once that the file was not taken.
    expect(clean.title).toBe(`Margini di censimento · ${survey.definition.title.it}`);
    expect(refused.title).toBe(`Errore: Margini di censimento · ${survey.definition.title.it}`);
    expect(refused.kindField).toEqual({
      error: "Scelga.",
      describedBy: "h-kind e-kind",
      verified: false,
      illustrative: true,
    });
    expect(refused.summary.map((s) => s.href)).toEqual(["#f-csv", "#f-name", "#f-kind"]);
    expect(refused.summaryDetail).toEqual({
      id: "margins-problems",
      intro: "Problemi nel file (la riga 1 è l'intestazione):",
      lines: ["Riga 2: manca la popolazione."],
    });
  });

  it("names the variables the questionnaire is weighted by, whatever they are", () => {
    expect(page().variables).toBe("fascia d'età, sesso e quartiere");
    // Another comune weights by a «zona» that is not a census dimension the report knows, and not by sex.
    const other: LoadedSurvey = { ...survey, definition: structuredClone(survey.definition) };
    for (const q of allQuestions(other.definition)) {
      if (q.analysis?.variable === "quartiere") q.analysis = { role: "weighting", variable: "zona" };
      if (q.analysis?.variable === "sesso") delete q.analysis;
    }
    expect(marginsPage(inputs, other, MARGINS, EMPTY_MARGINS_FORM, null).variables).toBe("fascia d'età e zona");
    for (const q of allQuestions(other.definition)) delete q.analysis;
    expect(marginsPage(inputs, other, MARGINS, EMPTY_MARGINS_FORM, null).variables).toBe(
      "le variabili di ponderazione del questionario",
    );
  });
});
