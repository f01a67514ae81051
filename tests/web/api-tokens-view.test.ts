import { describe, expect, it } from "vitest";
import { apiTokensPage, type ApiTokensInput } from "../../src/web/admin/api-tokens-view.js";

const scopes = { aggregates: "solo aggregati", microdata: "aggregati e microdati" };
const input = (over: Partial<ApiTokensInput> = {}): ApiTokensInput => ({
  tokens: [],
  surveys: [
    { id: "cittadini", title: "Cittadini" },
    { id: "personale", title: "Personale" },
  ],
  scopes,
  values: { name: "", surveyId: "personale", scope: "microdata" },
  errors: {},
  created: null,
  origin: "https://comune.example",
  ...over,
});

describe("the API tokens page", () => {
  it("offers every survey and scope with the chosen ones marked", () => {
    const page = apiTokensPage(input());
    expect(page.title).toBe("Accesso per i programmi (API)");
    expect(page.surveys).toEqual([
      { value: "cittadini", label: "Cittadini (cittadini)", selected: false },
      { value: "personale", label: "Personale (personale)", selected: true },
    ]);
    expect(page.scopes.filter((s) => s.checked).map((s) => s.value)).toEqual(["microdata"]);
    expect(page.created).toBeNull();
  });

  it("says the page has errors in its title and lists them in the summary", () => {
    const page = apiTokensPage(input({ errors: { name: "Scriva a che cosa serve.", scope: "Scelga." } }));
    expect(page.title).toBe("Errore: Accesso per i programmi (API)");
    expect(page.errorItems.map((e) => e.href)).toEqual(["#f-name", "#f-scope"]);
    expect(page.errors).toEqual({ name: "Scriva a che cosa serve.", surveyId: null, scope: "Scelga." });
  });

  it("shows a new token once, named with its survey and scope, with the report's address", () => {
    const created = { token: "spt_x", name: "Cruscotto", surveyId: "cittadini", scope: "aggregates" };
    expect(apiTokensPage(input({ created })).created).toEqual({
      label: "Token per «Cruscotto» (cittadini, solo aggregati)",
      token: "spt_x",
      reportUrl: "https://comune.example/api/v1/surveys/cittadini/report",
    });
  });

  it("lists each token with its dates in Rome's time, «mai» when never used, and the revocation when revoked", () => {
    const base = { name: "A", surveyId: "cittadini", scope: "microdata", createdBy: "admin", lastUsedAt: null };
    const page = apiTokensPage(
      input({
        tokens: [
          { ...base, id: 2, createdAt: "2026-07-01T10:00:00.000Z", revokedAt: "2026-07-02T08:30:00.000Z" },
          { ...base, id: 1, createdAt: "2026-01-15T10:00:00.000Z", revokedAt: null },
        ],
      }),
    );
    expect(page.tokens[0]).toMatchObject({
      scope: "aggregati e microdati",
      created: "01/07/2026, 12:00:00 (admin)",
      lastUsed: "mai",
      revoked: "02/07/2026, 10:30:00",
    });
    expect(page.tokens[1]).toMatchObject({ created: "15/01/2026, 11:00:00 (admin)", revoked: null });
    expect(page.tokens[1].revokeAction).toBe("/admin/api/1/revoca");
  });
});
