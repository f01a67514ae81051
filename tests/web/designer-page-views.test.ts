import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DraftSurvey } from "../../src/surveys/draft-survey.js";
import type { Question } from "../../src/surveys/schema.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { conditionPageView, type ConditionPageInput } from "../../src/web/designer/condition-view.js";
import { surveyPageView, type SurveyPageInput } from "../../src/web/designer/survey-page-view.js";
import { QUESTION_TYPES } from "../../src/web/designer/question-form.js";

const published = loadDefinitions(join(import.meta.dirname, "../fixtures/surveys")).surveys.get("prova")!.definition;
const draft = structuredClone(published) as DraftSurvey;
const question = (id: string): Question => draft.pages.flatMap((p) => p.questions).find((q) => q.id === id)!;

describe("the designer's overview of a survey (views/admin/designer/survey.ejs)", () => {
  const input = (more: Partial<SurveyPageInput> = {}): SurveyPageInput => ({
    surveyId: "prova",
    stored: { surveyId: "prova", draft, updatedAt: "2026-03-01T09:30:00.000Z", updatedBy: "anna" },
    current: published,
    versions: [{ version: 1, publishedAt: "2026-01-31T23:30:00.000Z" }],
    problems: [],
    types: QUESTION_TYPES,
    catalogue: undefined,
    uploaded: false,
    published: null,
    ...more,
  });

  it("names the survey by its draft, else its published version, else its id", () => {
    const renamed = { ...draft, title: { it: "Bozza rinominata", en: "" } };
    const view = surveyPageView(input({ stored: { ...input().stored!, draft: renamed } }));
    expect([view.title, view.heading]).toEqual(["Progettazione: Bozza rinominata", "Bozza rinominata"]);
    expect(surveyPageView(input({ stored: undefined })).heading).toBe(published.title.it);
    expect(surveyPageView(input({ stored: undefined, current: undefined })).title).toBe("Progettazione: prova");
  });

  it("says what just happened, and when the draft and the versions were written in Rome time", () => {
    expect(surveyPageView(input()).notice).toBeNull();
    expect(surveyPageView(input({ uploaded: true, published: "2" })).notice).toBe("Definizione caricata nella bozza.");
    expect(surveyPageView(input({ published: "2" })).notice).toBe("Versione 2 pubblicata.");
    const view = surveyPageView(input());
    expect(view.draft).toMatchObject({ version: draft.version, updatedBy: "anna", updatedAt: "01/03/2026, 10:30:00" });
    // 23:30 UTC on 31 January is already 1 February in Rome.
    expect(view.versions).toEqual([{ version: 1, publishedOn: "01/02/2026" }]);
    expect(surveyPageView(input({ stored: undefined })).draft).toBeNull();
    expect(view.currentVersion).toBe(published.version);
  });

  it("counts the problems left before publishing, each linked to where it is corrected", () => {
    const one = surveyPageView(
      input({ problems: [{ path: "pages[0].questions[1].label.it", message: "Scriva il testo." }] }),
    );
    expect(one.draft?.problemsTitle).toBe("Prima di pubblicare resta un problema");
    expect(one.draft?.problems[0]).toMatchObject({
      message: "Domanda «quartiere»: Scriva il testo.",
      href: "/admin/designer/prova/domande/quartiere#f-label-it",
    });
    const two = surveyPageView(
      input({
        problems: [
          { path: "id", message: "a" },
          { path: "id", message: "b" },
        ],
      }),
    );
    expect(two.draft?.problemsTitle).toBe("Prima di pubblicare restano 2 problemi");
    expect(one.draft?.outline.flatMap((p) => p.questions).find((q) => q.id === "scuola")?.condition).toBe(
      "«Quanti figli minorenni vivono con lei?» è almeno 1",
    );
  });
});

describe("the condition page of a question (views/admin/designer/condition.ejs)", () => {
  const input = (more: Partial<ConditionPageInput> = {}): ConditionPageInput => ({
    draft,
    question: question("scuola"),
    catalogue: undefined,
    sourceId: "",
    error: null,
    problems: [],
    ...more,
  });

  it("titles the page, with «Errore: » after a refused condition", () => {
    expect(conditionPageView(input()).title).toBe("Condizione della domanda «scuola»");
    expect(conditionPageView(input({ error: "Scelga." })).title).toBe("Errore: Condizione della domanda «scuola»");
    const refused = conditionPageView(input({ problems: [{ path: "x", message: "No" }] }));
    expect(refused.title).toBe("Errore: Condizione della domanda «scuola»");
    expect(refused.problemsTitle).toBe("C'è un problema da correggere");
    expect(refused.problems).toEqual([{ path: "x", message: "No", href: "#f-x" }]);
    expect(refused.backLink).toEqual({ href: "/admin/designer/prova#q-scuola", text: "Torna alla bozza" });
  });

  it("offers the earlier questions, the one picked selected, then its operators and answers", () => {
    const view = conditionPageView(input({ sourceId: "eta" }));
    expect(view.sourceOptions).toEqual([
      { value: "eta", label: "Quanti anni ha? (eta)", selected: true },
      { value: "quartiere", label: "In quale quartiere abita? (quartiere)", selected: false },
      { value: "figli", label: "Quanti figli minorenni vivono con lei? (figli)", selected: false },
    ]);
    expect(view.source?.operators.map((o) => o.op)).toEqual(["equals", "in", "answered", "unanswered"]);
    expect(view.source?.values?.[0]).toEqual({ id: "f-valori-0", value: "18_44", label: "Da 18 a 44 anni (18_44)" });
    expect(view.source?.numberInput).toBe(false);
    const number = conditionPageView(input({ sourceId: "figli" })).source;
    expect([number?.values, number?.numberInput]).toEqual([null, true]);
    expect(conditionPageView(input({ sourceId: "commento" })).source).toBeNull();
    expect(conditionPageView(input({ question: question("eta") })).sourceOptions).toEqual([]);
  });

  it("lists the comparisons to remove one by one, the join only for several, nothing for a composite condition", () => {
    const single = conditionPageView(input());
    expect(single.showIfText).toBe("«Quanti figli minorenni vivono con lei?» è almeno 1");
    expect(single.join).toBeNull();
    expect(single.leaves).toEqual([{ text: single.showIfText, index: 0, position: 1 }]);
    const either = {
      ...question("scuola"),
      showIf: {
        any: [
          { question: "eta", answered: true },
          { question: "figli", gte: 2 },
        ],
      },
    };
    const two = conditionPageView(input({ question: either as Question }));
    expect(two.join).toEqual({ all: false, any: true });
    expect(two.leaves?.map((l) => [l.index, l.position])).toEqual([
      [0, 1],
      [1, 2],
    ]);
    const nested = { ...question("scuola"), showIf: { not: { question: "eta", answered: true } } };
    expect(conditionPageView(input({ question: nested as Question })).leaves).toBeNull();
    expect(conditionPageView(input({ question: question("eta") })).showIfText).toBeNull();
  });
});
