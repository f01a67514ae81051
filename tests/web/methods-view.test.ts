import { describe, expect, it } from "vitest";
import { reportLabels } from "../../src/report/labels.js";
import { methodsView } from "../../src/report/methods-view.js";
import { CRITERIA, helpers } from "../../src/report/view.js";
import { citizenSurvey, reportOf, staffSurvey, syntheticSample } from "../report/fixtures.js";

const report = reportOf(syntheticSample(300, 40, 21));
const h = helpers(reportLabels(citizenSurvey, staffSurvey));
const weighting = report.weighting;

describe("the method section's view model (views/report/methods.ejs)", () => {
  it("describes the raking: its file, convergence, bounds, weight ratios and effective n", () => {
    const m = methodsView(
      { ...report, weighting: { ...weighting, converged: true, iterations: 7, bounds: { lower: 0.2, upper: 5 } } },
      h,
      CRITERIA,
    );
    expect(m.raking).toMatchObject({
      file: report.margins!.file,
      convergence: "La ponderazione è arrivata a convergenza in 7 iterazioni.",
      maxRatio: h.num(weighting.maxWeightRatio, 2),
    });
    expect(m.raking!.bounds).toMatch(/^I pesi sono calibrati entro 0,20 e 5,0 volte il peso medio/);
    const loose = methodsView(
      { ...report, weighting: { ...weighting, bounds: null, fractionalUnits: null } },
      h,
      CRITERIA,
    );
    expect(loose.raking).toMatchObject({ bounds: "I pesi non sono limitati.", fractionalHtml: "" });
  });

  it("names the margins the report was raked to, in words, whatever variables the comune weights by", () => {
    expect(methodsView(report, h, CRITERIA).raking).toMatchObject({
      margins: "fascia d'età per sesso e quartiere",
      fixed: "Fascia d'età, sesso e quartiere",
    });
    // A comune weighting by age and sex alone, with a variable the questionnaire does not name.
    const row = report.sample[0];
    const other = methodsView(
      {
        ...report,
        sample: [
          { ...row, variable: "eta*sesso" },
          { ...row, variable: "frazione" },
        ],
      },
      h,
      CRITERIA,
    );
    expect(other.raking).toMatchObject({
      margins: "fascia d'età per sesso e frazione",
      fixed: "Fascia d'età, sesso e frazione",
    });
    const ageOnly = methodsView({ ...report, sample: [{ ...row, variable: "eta" }] }, h, CRITERIA);
    expect(ageOnly.raking).toMatchObject({ margins: "fascia d'età", fixed: "Fascia d'età" });
  });

  it("says how the bootstrap draws the citizens: by the area the report names, or as one group", () => {
    expect(methodsView(report, h, CRITERIA).citizenResampling).toBe("separatamente per quartiere");
    const zona = methodsView({ ...report, weighting: { ...weighting, strata: "frazione" } }, h, CRITERIA);
    expect(zona.citizenResampling).toBe("separatamente per frazione");
    const none = methodsView({ ...report, weighting: { ...weighting, strata: "" } }, h, CRITERIA);
    expect(none.citizenResampling).toMatch(/^come un unico gruppo/);
  });

  it("says why the answers are not weighted, and whether the view is filtered", () => {
    const m = methodsView(
      {
        ...report,
        weighting: { ...weighting, method: "none", problem: "Nessun margine." },
        filters: { groups: { eta: "18_29" } },
      },
      h,
      CRITERIA,
    );
    expect(m.raking).toBeNull();
    expect(m.unweighted).toBe("Nessun margine.");
    expect(m.filtered).toBe(true);
    expect(methodsView(report, h, CRITERIA).filtered).toBe(false);
  });

  it("gives the criteria's weights, the gate and the bootstrap settings in Italian format", () => {
    const m = methodsView(report, h, CRITERIA);
    expect(m.criteria.map((c) => c.name)).toEqual(CRITERIA.map((c) => c.name));
    expect(m.criteria[0].weight).toBe(h.num(report.settings.criteriaWeights.D, 3));
    expect(m.gate).toBe(h.pct(report.settings.gateThreshold, 0));
    expect(m.replicates).toBe(h.int(report.settings.replicates));
    expect(m.excludeFlagged).toMatch(/^In questo rapporto (sono escluse dalle stime|restano nelle stime)\.$/);
    expect(m.generated).toBe(h.when(report.generatedAt));
  });
});
