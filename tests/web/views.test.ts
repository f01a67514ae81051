import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FieldError } from "../../src/surveys/answers.js";
import type { Question, SurveyDefinition } from "../../src/surveys/schema.js";
import { surveyActions, surveyFacts, type SurveyFactsInput } from "../../src/web/fieldwork/survey-view.js";
import { sampleView } from "../../src/web/report/sample-view.js";
import { answerErrorLinks, errorLinks } from "../../src/web/common/error-summary.js";
import { layoutEngine } from "../../src/web/common/layout.js";

const dir = mkdtempSync(join(tmpdir(), "sportello-views-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function render(engine: ReturnType<typeof layoutEngine>, page: string, locals: object): Promise<string> {
  return new Promise((resolve, reject) =>
    engine(page, locals, (error, html) => (error ? reject(error) : resolve(html ?? ""))),
  );
}

describe("the layout engine", () => {
  const layout = join(dir, "layout.ejs");
  writeFileSync(layout, "<title><%= title %></title><main><%- body %></main>");
  const engine = layoutEngine(layout);

  it("frames a page that calls layout(), with the title it declares and the page's locals", async () => {
    const page = join(dir, "framed.ejs");
    writeFileSync(page, "<% layout({ title: 'T · ' + who }) -%><p><%= who %></p>");
    expect(await render(engine, page, { who: "<Ada>" })).toBe(
      "<title>T · &lt;Ada&gt;</title><main><p>&lt;Ada&gt;</p></main>",
    );
  });

  it("sends a page that does not call layout() as it is (the printable pages)", async () => {
    const page = join(dir, "bare.ejs");
    writeFileSync(page, "<!doctype html><p>slip</p>");
    expect(await render(engine, page, {})).toBe("<!doctype html><p>slip</p>");
  });

  it("passes a template error on instead of a page", async () => {
    const page = join(dir, "broken.ejs");
    writeFileSync(page, "<% layout({ title: missing }) %>");
    await expect(render(engine, page, {})).rejects.toThrow(/missing is not defined/);
  });
});

describe("includes", () => {
  const views = join(dir, "includes");
  mkdirSync(join(views, "parts"), { recursive: true });
  writeFileSync(join(views, "layout.ejs"), "<%- include('parts/frame') %>");
  writeFileSync(join(views, "parts/frame.ejs"), "[<%= title %>|<%- body %>]");
  // Express passes its settings with the locals: createApp always keeps compiled templates («view cache»).
  const cachedLocals = (locals: object) => ({ settings: { "view cache": true }, ...locals });

  it("are found beside the including file, get its locals and their own, and see its locals as it was given them", async () => {
    // The page reassigns `who` (ejs's `var` inside `with` writes the local): its includes still get the
    // value the page was given, as with ejs's own include; a partial's own locals win over the page's.
    writeFileSync(
      join(views, "page.ejs"),
      "<% layout({ title: 'T' }) %><% var who = 'changed'; %><%= who %>;<%- include('parts/who') %>;<%- include('parts/who', { who: 'own' }) %>",
    );
    writeFileSync(join(views, "parts/who.ejs"), "<%= who %>/<%= what %><%- include('deeper') %>");
    writeFileSync(join(views, "parts/deeper.ejs"), "<% var what = 'leaf'; %>(<%= what %>)");
    const engine = layoutEngine(join(views, "layout.ejs"));
    for (const locals of [{ who: "given", what: "w" }, cachedLocals({ who: "given", what: "w" })]) {
      expect(await render(engine, join(views, "page.ejs"), locals)).toBe("[T|changed;given/w(leaf);own/w(leaf)]");
    }
  });

  it("with the view cache, are read and resolved once: a partial removed afterwards is still drawn", async () => {
    writeFileSync(join(views, "kept.ejs"), "<% layout({ title: 'K' }) %><%- include('parts/gone') %>");
    writeFileSync(join(views, "parts/gone.ejs"), "<%= n %>");
    const engine = layoutEngine(join(views, "layout.ejs"));
    expect(await render(engine, join(views, "kept.ejs"), cachedLocals({ n: 1 }))).toBe("[K|1]");
    rmSync(join(views, "parts/gone.ejs"));
    expect(await render(engine, join(views, "kept.ejs"), cachedLocals({ n: 2 }))).toBe("[K|2]");
    // Without the cache each render reads its files again, as ejs does: an edited partial shows at once.
    writeFileSync(join(views, "parts/gone.ejs"), "<%= n %>!");
    expect(await render(engine, join(views, "kept.ejs"), { n: 3 })).toBe("[K|3!]");
    writeFileSync(join(views, "parts/gone.ejs"), "<%= n %>?");
    expect(await render(engine, join(views, "kept.ejs"), { n: 4 })).toBe("[K|4?]");
    rmSync(join(views, "parts/gone.ejs"));
    await expect(render(engine, join(views, "kept.ejs"), { n: 5 })).rejects.toThrow(
      /Could not find the include file "parts\/gone"/,
    );
  });

  it("are not taken over by properties added to Object.prototype (ejs's prototype-pollution protection kept)", async () => {
    // A template's `with (locals)` would find an inherited `escapeFn`, `include` or `__append` before
    // ejs's own: the locals have no prototype, so these stay ejs's.
    writeFileSync(join(views, "proto.ejs"), "<%= '<b>' %>;<%- include('parts/proto') %>");
    writeFileSync(join(views, "parts/proto.ejs"), "<%= '&' %>");
    const engine = layoutEngine(join(views, "layout.ejs"));
    const prototype = Object.prototype as Record<string, unknown>;
    const taken = () => "taken";
    Object.assign(prototype, { escapeFn: taken, include: taken, __append: taken });
    try {
      expect(await render(engine, join(views, "proto.ejs"), cachedLocals({}))).toBe("&lt;b&gt;;&amp;");
    } finally {
      for (const name of ["escapeFn", "include", "__append"]) delete prototype[name];
    }
  });

  it("report an error inside a partial with the partial's file and line", async () => {
    writeFileSync(join(views, "outer.ejs"), "<%- include('parts/inner') %>");
    writeFileSync(join(views, "parts/inner.ejs"), "ok\n<%= nowhere.x %>");
    const engine = layoutEngine(join(views, "layout.ejs"));
    await expect(render(engine, join(views, "outer.ejs"), cachedLocals({}))).rejects.toThrow(
      /parts\/inner\.ejs:2[\s\S]*nowhere is not defined/,
    );
  });
});

describe("error summary lines", () => {
  it("link each field in error, in the form's order, skipping the fields without an error", () => {
    expect(errorLinks({ b: "B wrong", a: "A wrong", c: "" }, ["a", "b", "c"])).toEqual([
      { href: "#f-a", text: "A wrong" },
      { href: "#f-b", text: "B wrong" },
    ]);
  });

  it("name the field when labels are given, and make any field name a valid anchor", () => {
    expect(errorLinks({ "title.it": "Manca" }, undefined, { "title.it": "Titolo" })).toEqual([
      { href: "#f-title-it", text: "Titolo: Manca" },
    ]);
  });

  it("say which question each answer error belongs to, in the page's language", () => {
    const q = { id: "eta", type: "single", label: { it: "Età", en: "Age" } } as unknown as Question;
    const errors: FieldError[] = [{ question: "eta", field: "eta/other", message: "Required" }];
    expect(answerErrorLinks(errors, [{ q }], (text) => text.en)).toEqual([
      { href: "#f-eta-other", text: "Age — Required" },
    ]);
  });
});

describe("the survey page's actions", () => {
  const survey = (withReport: boolean): SurveyDefinition =>
    ({
      id: "s",
      pages: [{ questions: [{ id: "q", analysis: withReport ? { role: "services_used" } : undefined }] }],
    }) as unknown as SurveyDefinition;
  const hrefs = (role: Parameters<typeof surveyActions>[1], withReport = true): string[] =>
    surveyActions(survey(withReport), role).actions.map((a) => a.href);

  it("give each role only what it may open", () => {
    expect(hrefs("operator")).toEqual(["/admin/questionari/s/carta", "/admin/questionari/s/inserimento", "/kiosk/s"]);
    expect(hrefs("giunta")).toEqual(["/admin/questionari/s/carta"]);
    expect(hrefs("analyst")).toContain("/admin/questionari/s/risposte");
    expect(hrefs("analyst")).not.toContain("/admin/questionari/s/margini");
    expect(hrefs("admin")).toContain("/admin/questionari/s/margini");
  });

  it("link the report only for a survey that has one, and never for an operator", () => {
    expect(surveyActions(survey(true), "giunta").reportHref).toBe("/reports/s");
    expect(surveyActions(survey(true), "operator").reportHref).toBeNull();
    expect(surveyActions(survey(false), "admin").reportHref).toBeNull();
    expect(hrefs("admin", false)).not.toContain("/admin/questionari/s/margini");
  });
});

describe("the survey page's facts", () => {
  const input = (over: Partial<SurveyFactsInput>): SurveyFactsInput => ({
    survey: { id: "s", title: { it: "Servizi", en: "Services" }, access: "open" } as unknown as SurveyDefinition,
    role: "admin",
    opensAt: null,
    closesAt: null,
    counts: { total: 1234, synthetic: 0 },
    pendingPaper: 0,
    openDrafts: { total: 1500, empty: 2 },
    codes: null,
    readiness: [],
    statusLabels: { draft: "Bozza", open: "Aperto" },
    values: { status: "open" },
    errors: {},
    ...over,
  });

  it("write counts in Italian format and say when no date is set", () => {
    const f = surveyFacts(
      input({ codes: { total: 2000, used: 1, unused: 1999, revoked: 0 }, counts: { total: 1234, synthetic: 1001 } }),
    );
    expect(f).toMatchObject({
      title: "Servizi · Amministrazione",
      total: "1.234",
      synthetic: "1.001",
      opens: "Nessuna data: vale lo stato",
      access: "Libero",
    });
    expect(f.openDrafts).toEqual({ total: "1.500", empty: "2" });
    expect(f.codes).toEqual({ total: "2.000", used: "1", unused: "1.999", revoked: "0" });
    expect(surveyFacts(input({})).synthetic).toBeNull();
  });

  it("count the paper forms waiting in the singular and plural, linked only for who types them", () => {
    expect(surveyFacts(input({ pendingPaper: 0 })).waiting).toBeNull();
    expect(surveyFacts(input({ pendingPaper: 1, role: "operator" })).waiting).toEqual({
      text: "1 modulo cartaceo attende la seconda digitazione",
      href: "/admin/questionari/s/inserimento",
    });
    expect(surveyFacts(input({ pendingPaper: 1200, role: "giunta" })).waiting).toEqual({
      text: "1.200 moduli cartacei attendono la seconda digitazione",
      href: null,
    });
  });

  it("give the lifecycle form and the purge only to the administrator, with the errors in the form's order", () => {
    const f = surveyFacts(input({ errors: { closesAt: "Dopo l'apertura.", status: "Scelga lo stato." } }));
    expect(f.purgeAction).toBe("/admin/questionari/s/bozze-vuote/elimina");
    expect(f.settings?.errorItems.map((i) => i.href)).toEqual(["#f-status", "#f-closesAt"]);
    expect(f.settings?.statusError).toBe("Scelga lo stato.");
    expect(f.settings?.statusOptions).toEqual([
      { value: "draft", label: "Bozza", on: false },
      { value: "open", label: "Aperto", on: true },
    ]);
    expect(surveyFacts(input({ role: "analyst" }))).toMatchObject({ settings: null, purgeAction: null });
    expect(surveyFacts(input({ openDrafts: { total: 3, empty: 0 } })).purgeAction).toBeNull();
  });
});

describe("the fieldwork panel's figures", () => {
  it("print a day's counts and the reason there is no comparison", () => {
    const view = sampleView(
      null,
      ["riga 2: categoria sconosciuta"],
      [{ day: "2026-03-02", label: "lun 2 mar", count: 234, cumulative: 300 }],
      300,
    );
    expect(view.totalText).toBe("300");
    expect(view.problemLines).toEqual(["riga 2: categoria sconosciuta"]);
    expect(view.problemText).toBeNull();
    expect(view.dayRows).toEqual([{ head: "lun 2 mar", datetime: "2026-03-02", cells: ["234", "300"] }]);
    expect(view.groupRows).toEqual([]);
  });
});

describe("the designer's problems partial (views/admin/designer/problems.ejs)", () => {
  const engine = layoutEngine(join(dir, "bare-layout.ejs"));
  const partial = join(import.meta.dirname, "../../views/admin/designer/problems.ejs");
  const heading = (html: string): string | undefined => /<h2 id="error-summary-title"[^>]*>([^<]*)</.exec(html)?.[1];

  it("heads the summary with the number of problems, even inside a page whose own locals have a title", async () => {
    // EJS hands an included template its parent's locals: a page's `title` must not become the heading.
    const page = join(dir, "with-title.ejs");
    writeFileSync(page, `<%- include(${JSON.stringify(partial)}, { problems: problems }) %>`);
    const problems = [{ path: "id", message: "Manca l'id." }];
    expect(heading(await render(engine, page, { title: "Errore: Impostazioni", problems }))).toBe(
      "C&#39;è un problema da correggere",
    );
    const chosen = join(dir, "chosen-heading.ejs");
    writeFileSync(
      chosen,
      `<%- include(${JSON.stringify(partial)}, { problems: problems, summaryTitle: "Il file ha un problema" }) %>`,
    );
    expect(heading(await render(engine, chosen, { title: "Errore: Carica", problems }))).toBe("Il file ha un problema");
  });
});
