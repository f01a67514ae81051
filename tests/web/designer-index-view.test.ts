import { describe, expect, it } from "vitest";
import { newDraft } from "../../src/surveys/draft-survey.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { join } from "node:path";
import { designerIndexView, type NewSurveyForm } from "../../src/web/designer/index-view.js";

const prova = loadDefinitions(join(import.meta.dirname, "../fixtures/surveys")).surveys.get("prova")!;
const EMPTY: NewSurveyForm = { values: {}, errors: {}, problems: [] };
const draft = (surveyId: string, title: string) => ({
  surveyId,
  draft: newDraft(surveyId, { it: title, en: title }, 1),
  updatedAt: "2026-02-03T09:15:07.000Z",
  updatedBy: "anna",
});

describe("the designer's list of surveys (views/admin/designer/index.ejs)", () => {
  it("lists the published surveys, then the drafts never published, each with its state in Rome time", () => {
    const view = designerIndexView({
      published: [prova],
      drafts: [draft("biblioteca", "La biblioteca"), draft("prova", "Bozza di prova")],
      form: EMPTY,
    });
    expect(view.title).toBe("Progettazione dei questionari");
    expect(view.surveys.map((s) => [s.id, s.title, s.version, s.hasDraft])).toEqual([
      ["prova", prova.definition.title.it, String(prova.definition.version), true],
      ["biblioteca", "La biblioteca", "mai pubblicato", true],
    ]);
    expect(view.surveys[1].draftState).toBe("in corso, modificata da anna il 03/02/2026, 10:15:07");
    expect(view.surveys[0].href).toBe("/admin/designer/prova");
    expect(view.surveys[0].editAction).toBe("/admin/designer/prova/modifica");
  });

  it("offers «Modifica» on a published survey without a draft, and says «—»", () => {
    const [row] = designerIndexView({ published: [prova], drafts: [], form: EMPTY }).surveys;
    expect(row.hasDraft).toBe(false);
    expect(row.draftState).toBe("—");
  });

  it("titles a refused form with «Errore: » and counts its problems", () => {
    const problem = { path: "id", message: "Manca l'id", href: "#f-id" };
    const one = designerIndexView({ published: [], drafts: [], form: { ...EMPTY, problems: [problem] } });
    expect(one.title).toBe("Errore: Progettazione dei questionari");
    expect(one.problemsTitle).toBe("C'è un problema da correggere");
    const two = designerIndexView({ published: [], drafts: [], form: { ...EMPTY, problems: [problem, problem] } });
    expect(two.problemsTitle).toBe("Ci sono 2 problemi da correggere");
  });
});
