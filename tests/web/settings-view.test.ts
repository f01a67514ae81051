import { describe, expect, it } from "vitest";
import type { SurveyDefinition } from "../../src/surveys/schema.js";
import { settingsPage, type SettingsPageInput } from "../../src/web/report/settings-view.js";

const survey = { id: "s", title: { it: "Cittadini" } } as unknown as SurveyDefinition;
const values = {
  w_D: "50",
  w_F: "50",
  gateThreshold: "0,5",
  topK: "5",
  replicates: "1000",
  seed: "1",
  trim: "5",
  excludeFlagged: "si",
};
const input = (errors: Record<string, string> = {}): SettingsPageInput => ({
  survey,
  criteria: [
    { key: "D", label: "Domanda" },
    { key: "F", label: "Frammentazione" },
  ],
  values,
  defaults: { ...values, w_D: "16,67", w_F: "16,67", excludeFlagged: "no" },
  errors,
  notice: null,
});

describe("the report settings page", () => {
  it("gives each weight its value in use and its default in the help, in the criteria's order", () => {
    const page = settingsPage(input());
    expect(page.weights.map((f) => [f.name, f.label, f.help])).toEqual([
      ["w_D", "Domanda", "Peso in uso: 50 (predefinito 16,67 %)."],
      ["w_F", "Frammentazione", "Peso in uso: 50 (predefinito 16,67 %)."],
    ]);
    expect(page.ranking.map((f) => f.name)).toEqual(["gateThreshold", "topK"]);
    expect(page.uncertainty.map((f) => f.name)).toEqual(["replicates", "seed", "trim"]);
    expect(page.excludeFlagged).toEqual({ error: null, describedBy: "h-excludeFlagged", keep: false, exclude: true });
    expect(page.action).toBe("/admin/questionari/s/impostazioni-rapporto");
    expect(page.trail.at(-1)).toEqual({ href: "/admin/questionari/s", text: "Cittadini" });
    expect(page.title).toBe("Impostazioni del rapporto · Cittadini");
  });

  it("begins the title with «Errore: » when a value is refused, as every form page does", () => {
    expect(settingsPage(input({ seed: "Indichi un numero intero." })).title).toBe(
      "Errore: Impostazioni del rapporto · Cittadini",
    );
  });

  it("ties each error to its field and lists them in the form's order", () => {
    const page = settingsPage(input({ topK: "Troppi", w_F: "Negativo", excludeFlagged: "Scelga" }));
    expect(page.errorItems.map((e) => e.href)).toEqual(["#f-w_F", "#f-topK", "#f-excludeFlagged"]);
    const topK = page.ranking.find((f) => f.name === "topK")!;
    expect(topK).toMatchObject({ error: "Troppi", describedBy: "h-topK e-topK" });
    expect(page.weights[0]).toMatchObject({ error: null, describedBy: "h-w_D" });
    expect(page.excludeFlagged.describedBy).toBe("h-excludeFlagged e-excludeFlagged");
  });
});
