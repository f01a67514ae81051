import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { join } from "node:path";
import { publicationPage, type PublicationInput } from "../../src/web/report/publication-view.js";

const survey = loadDefinitions(join(import.meta.dirname, "../fixtures/surveys")).surveys.get("prova")!.definition;
const input = (more: Partial<PublicationInput> = {}): PublicationInput => ({
  survey,
  publication: null,
  publisher: { name: "Comune di Prova", ipaCode: "", email: "", siteUrl: "", example: false },
  base: "https://x.example/opendata/prova",
  catalogue: "https://x.example/opendata/catalogo.jsonld",
  minCellText: "5",
  problem: null,
  ...more,
});

describe("the open-data page (views/report/publication.ejs)", () => {
  it("before publication: «Non pubblicati», the first publication's button, no IPA code said so", () => {
    const page = publicationPage(input());
    expect(page.title).toBe(`Dati aperti · ${survey.title.it}`);
    expect(page.published).toBe(false);
    expect(page.status).toBe("Non pubblicati");
    expect(page.publishLabel).toBe("Segna il rapporto come pubblicato");
    expect(page.publisher).toEqual({ name: "Comune di Prova", ipaCode: "non indicato" });
    expect(page.backLink).toEqual({ href: "/reports/prova", text: "Rapporto" });
    expect(page.action).toBe("/reports/prova/pubblicazione");
  });

  it("once published: who and when, and the report's date, in Rome time", () => {
    const page = publicationPage(
      input({
        publication: {
          publishedAt: "2026-02-03T09:15:07.000Z",
          publishedBy: "giunta",
          generatedAt: "2026-02-03T08:00:00.000Z",
        },
      }),
    );
    expect(page.published).toBe(true);
    expect(page.status).toBe(
      "Pubblicati il 03/02/2026, 10:15:07 da giunta (rapporto dei dati al 03/02/2026, 09:00:00)",
    );
    expect(page.publishLabel).toBe("Pubblica di nuovo con i dati di oggi");
  });

  it("a refused request: «Errore: » first and the reason", () => {
    const page = publicationPage(input({ problem: "Scelga se pubblicare o ritirare i dati aperti." }));
    expect(page.title).toBe(`Errore: Dati aperti · ${survey.title.it}`);
    expect(page.problem).toBe("Scelga se pubblicare o ritirare i dati aperti.");
  });
});
