import { describe, expect, it } from "vitest";
import { reportLabels } from "../../src/report/labels.js";
import { sampleQualityView } from "../../src/report/sample-quality-view.js";
import { helpers } from "../../src/report/view.js";
import { citizenSurvey, reportOf, staffSurvey, syntheticSample } from "../report/fixtures.js";

const report = reportOf(syntheticSample(300, 40, 21));
const h = helpers(reportLabels(citizenSurvey, staffSurvey));

describe("the sample section's view model (views/report/staff-sample.ejs)", () => {
  it("gives one row per census category with Italian shares and flags the under-represented ones", () => {
    const view = sampleQualityView(report, h);
    expect(view.hasSample).toBe(true);
    expect(view.rows).toHaveLength(report.sample.length);
    expect(view.shortCount).toBe(report.sample.filter((s) => s.short).length);
    const first = report.sample[0];
    expect(view.rows[0]).toMatchObject({
      variable: h.variable(first.variable),
      category: h.category(first.variable, first.category),
      population: h.int(first.population),
      populationShare: h.pct(first.populationShare, 1),
      countHtml: h.count(first.sampleCount),
    });
    expect(view.file).toBe(report.margins!.file);
  });

  it("says there is nothing to compare without margins", () => {
    const view = sampleQualityView({ ...report, sample: [], margins: null }, h);
    expect(view).toMatchObject({ hasSample: false, shortCount: 0, file: "", rows: [] });
  });

  it("states the quality checks: the median time in minutes, what the straight-lining check reads, whether flags are excluded", () => {
    const quality = (over: Partial<typeof report.quality>, bestWorst = report.bestWorst) =>
      sampleQualityView({ ...report, bestWorst, quality: { ...report.quality, ...over } }, h).quality;
    const timed = quality({ speeders: { ...report.quality.speeders, medianSeconds: 90 }, excluded: true });
    expect(timed.median).toBe(", che è di 1,5 minuti");
    expect(timed.excludedNote).toBe("in questo rapporto sono escluse dalle stime.");
    const untimed = quality({ speeders: { ...report.quality.speeders, medianSeconds: null }, excluded: false }, null);
    expect(untimed.median).toBe("");
    expect(untimed.excludedNote).toMatch(/^in questo rapporto non sono escluse/);
    expect(untimed.straightLabel).toBe("Risposte tutte uguali nella griglia dell'importanza");
    expect(quality({}, report.bestWorst ?? ({} as NonNullable<typeof report.bestWorst>)).straightLabel).toMatch(
      /^Risposte date per posizione/,
    );
  });
});
