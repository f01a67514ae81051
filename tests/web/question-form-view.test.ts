import { describe, expect, it } from "vitest";
import type { FormControl } from "../../src/web/designer/question-form-view.js";
import { questionFormView, type QuestionFormInput } from "../../src/web/designer/question-form-view.js";
import { citizenSurvey } from "../report/fixtures.js";

const draft = citizenSurvey.definition;
const page = draft.pages[1];
const question = page.questions[0];
const earlier = draft.pages[0].questions;
const base = (over: Partial<QuestionFormInput>): QuestionFormInput => ({
  draft,
  page,
  existing: null,
  type: "single",
  values: {},
  errors: {},
  problems: [],
  earlier,
  ...over,
});
const kinds = (controls: FormControl[]): string[] =>
  controls.map((c) => ("name" in c ? `${c.kind}:${c.name}` : "list" in c ? `rows:${c.list}` : c.kind));

describe("the question form's view model (views/admin/designer/question-form.ejs)", () => {
  it("titles a new question by its page and posts it there; an existing one by its id, with its condition link", () => {
    const fresh = questionFormView(base({}));
    expect(fresh.heading).toBe(`Nuova domanda nella pagina «${page.title.it}»`);
    expect(fresh.title).toBe(fresh.heading);
    expect(fresh.action).toBe(`/admin/designer/${draft.id}/pagine/${page.id}/nuova-domanda`);
    expect(fresh.backHref).toBe(`/admin/designer/${draft.id}`);
    expect(fresh.condition).toBeNull();
    const edit = questionFormView(
      base({
        existing: { ...question, showIf: undefined },
        problems: [{ path: "id", message: "Manca l'id.", href: "#f-id" }],
      }),
    );
    expect(edit.heading).toBe(`Domanda «${question.id}»`);
    expect(edit.title).toBe(`Errore: Domanda «${question.id}»`);
    expect(edit.action).toBe(`/admin/designer/${draft.id}/domande/${question.id}`);
    expect(edit.condition).toEqual({
      text: "nessuna, la domanda è sempre mostrata.",
      href: `/admin/designer/${draft.id}/domande/${question.id}/condizione`,
    });
  });

  it("selects the type shown and carries its error", () => {
    const form = questionFormView(base({ type: "scale", errors: { type: "Tipo sconosciuto." } }));
    expect(form.typeOptions.filter((o) => o.on).map((o) => o.value)).toEqual(["scale"]);
    expect(form.typeError).toBe("Tipo sconosciuto.");
  });

  it("lists the fields of each type in order, then what it measures for the report", () => {
    const tail = ["pick:analysis.role", "field:analysis.variable"];
    expect(kinds(questionFormView(base({ type: "single" })).controls)).toEqual([
      "radios:source",
      "rows:choices",
      "radios:display",
      "field:other",
      ...tail,
    ]);
    expect(kinds(questionFormView(base({ type: "number" })).controls)).toEqual([
      "field:min",
      "field:max",
      "field:integer",
      "pair:unit",
      ...tail,
    ]);
    expect(kinds(questionFormView(base({ type: "matrix" })).controls)).toEqual([
      "radios:rows.from",
      "rows:rows.rows",
      "pick:rows.areaQuestion",
      "pick:rows.question",
      "radios:columnsKind",
      "rows:columns",
      "group",
      ...tail,
    ]);
    expect(kinds(questionFormView(base({ type: "date" })).controls)).toEqual(["field:min", "field:max", ...tail]);
    const help = (type: "text" | "textarea") =>
      questionFormView(base({ type })).controls.find((c) => c.kind === "field" && c.name === "maxLength");
    expect(help("text")).toMatchObject({ help: "Fino a 1000; se vuoto, 200." });
    expect(help("textarea")).toMatchObject({ help: "Fino a 10000; se vuoto, 2000." });
  });

  it("checks the chosen radio (the first when none is chosen) with the ids the labels point to, and offers three blank rows more", () => {
    const [source, rows] = questionFormView(
      base({ type: "multi", values: { "choices[0].value": "a", "choices[1].value": "b" } }),
    ).controls;
    expect(source).toMatchObject({
      kind: "radios",
      options: [
        { id: "f-source", value: "list", on: true },
        { id: "f-source-catalogue", value: "catalogue", on: false },
      ],
    });
    expect(rows).toMatchObject({ kind: "rows", count: 5, withScore: true, withExclusive: true });
    const chosen = questionFormView(base({ type: "matrix", values: { "rows.from": "question" } })).controls[0];
    expect(chosen.kind === "radios" && chosen.options.map((o) => [o.id, o.on])).toEqual([
      ["f-rows-from", false],
      ["f-rows-from-catalogue", false],
      ["f-rows-from-question", true],
    ]);
  });

  it("offers the matrix the earlier pages' single and multiple questions, and says a column error once", () => {
    const form = questionFormView(
      base({
        type: "matrix",
        values: { "rows.question": earlier.find((q) => q.type === "multi")?.id ?? "" },
        errors: { columns: "Servono due colonne.", "rows.question": "Scelga una domanda." },
      }),
    );
    const picks = form.controls.filter((c) => c.kind === "pick");
    const singles = earlier.filter((q) => q.type === "single");
    expect(picks[0].kind === "pick" && picks[0].options.map((o) => o.value)).toEqual(singles.map((q) => q.id));
    expect(picks[1]).toMatchObject({ id: "f-rows-question", error: "Scelga una domanda." });
    expect(picks[1].kind === "pick" && picks[1].options.filter((o) => o.on)).toHaveLength(
      earlier.some((q) => q.type === "multi") ? 1 : 0,
    );
    const columns = (errors: Record<string, string>) =>
      questionFormView(base({ type: "matrix", errors })).controls.find(
        (c) => c.kind === "radios" && c.name === "columnsKind",
      );
    expect(columns({ columns: "Servono due colonne." })).toMatchObject({ errorBefore: "Servono due colonne." });
    expect(columns({ columns: "Servono due colonne.", "columns[0].value": "Manca il valore." })).toMatchObject({
      errorBefore: null,
    });
  });
});
