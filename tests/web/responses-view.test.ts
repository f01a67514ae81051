import { describe, expect, it } from "vitest";
import type { SurveyDefinition } from "../../src/surveys/schema.js";
import { responsesPage, type ResponsesInput } from "../../src/web/data/responses-view.js";

const survey = { id: "s", title: { it: "Cittadini" } } as unknown as SurveyDefinition;
const values = { canale: "web", dal: "", al: "", simulati: "" };
const input = (over: Partial<ResponsesInput> = {}): ResponsesInput => ({
  survey,
  rows: [
    {
      id: "r1",
      submittedAt: "2026-10-24T06:23:00.000Z",
      when: "24 ottobre 2026 alle ore 08:23",
      channel: "paper",
      surveyVersion: 2,
      synthetic: true,
    },
  ],
  total: 1234,
  page: 1,
  pages: 1,
  values,
  errors: {},
  query: "",
  channels: { paper: "Carta" },
  synthetic: false,
  notice: null,
  ...over,
});

describe("the responses list", () => {
  it("counts the responses in Italian format and names each row's channel, version and kind", () => {
    const page = responsesPage(input());
    expect(page.status).toBe("1.234 risposte.");
    expect(page.caption).toBe("Risposte dalla più recente");
    expect(page.rows[0]).toEqual({
      submittedAt: "2026-10-24T06:23:00.000Z",
      when: "24 ottobre 2026 alle ore 08:23",
      channel: "Carta",
      version: 2,
      kind: "Dati simulati",
      href: "/admin/risposte/r1",
    });
    expect(page.pager).toBeNull();
    expect(page.exportHref).toBe("/admin/questionari/s/esporta.csv");
    expect(page.trail.map((c) => c.text)).toEqual(["Questionari", "Cittadini", "Dati"]);
  });

  it("keeps the filters in the export link, the status and every page link", () => {
    const page = responsesPage(input({ query: "canale=web", page: 2, pages: 3 }));
    expect(page.status).toBe("1.234 risposte con questi filtri · pagina 2 di 3.");
    expect(page.caption).toBe("Risposte dalla più recente, pagina 2 di 3");
    expect(page.exportHref).toBe("/admin/questionari/s/esporta.csv?canale=web");
    expect(page.pager).toEqual({
      page: 2,
      pages: 3,
      first: "/admin/questionari/s/risposte?canale=web&pagina=1",
      prev: "/admin/questionari/s/risposte?canale=web&pagina=1",
      next: "/admin/questionari/s/risposte?canale=web&pagina=3",
      last: "/admin/questionari/s/risposte?canale=web&pagina=3",
    });
  });

  it("offers no way back on the first page and no way on from the last", () => {
    expect(responsesPage(input({ page: 1, pages: 2 })).pager).toMatchObject({ first: null, prev: null });
    expect(responsesPage(input({ page: 2, pages: 2 })).pager).toMatchObject({
      first: "/admin/questionari/s/risposte?pagina=1",
      next: null,
      last: null,
    });
  });
});
