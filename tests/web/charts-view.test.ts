import { describe, expect, it } from "vitest";
import { chartsView } from "../../src/report/charts-view.js";
import { reportLabels } from "../../src/report/labels.js";
import { helpers, ipaPoints, QUADRANTS, withheldHtml } from "../../src/report/view.js";
import { citizenSurvey, reportOf, staffSurvey, syntheticSample } from "../report/fixtures.js";

const report = reportOf(syntheticSample(300, 40, 21));
const h = helpers(reportLabels(citizenSurvey, staffSurvey));

describe("the charts' view model (views/report/charts.ejs)", () => {
  const view = chartsView(report, h, QUADRANTS, ipaPoints(report));

  it("numbers the chart's points as the chart does and names their quadrant", () => {
    const points = ipaPoints(report);
    expect(view.ipa.map((p) => p.number)).toEqual(points.map((_, i) => i + 1));
    expect(view.ipa[0].name).toBe(h.service(points[0].service));
    expect(view.ipa[0].satisfaction).toBe(h.num(points[0].satisfaction!, 1));
    expect(view.focus).toBe("Da migliorare con priorità");
    expect(view.legend).toEqual(Object.values(QUADRANTS));
    const noQuadrant = chartsView(report, h, QUADRANTS, [{ ...points[0], quadrant: null }]);
    expect(noQuadrant.ipa[0].quadrant).toBe("—");
  });

  it("states where the quadrant lines are only when both means exist, and the importance scale", () => {
    expect(view.lines).toMatch(/^ \(importanza \d+,\d, soddisfazione \d+,\d\)$/);
    const noLines = chartsView({ ...report, ipa: { ...report.ipa, importanceLine: null } }, h, QUADRANTS, []);
    expect(noLines.lines).toBe("");
    expect(chartsView({ ...report, bestWorst: null }, h, QUADRANTS, []).importanceScale).toBe("voto medio da 1 a 10");
  });

  it("gives the coverage curve's rows with the service each step adds, and whom the shares are of", () => {
    expect(view.coverage).toHaveLength(report.coverage.length);
    const last = report.coverage[0];
    expect(view.coverage[0].added).toBe(h.service(last.services[last.services.length - 1]));
    expect(view.coverage[0].fullHtml).toBe(h.pct(last.citizensFullyServed, 1));
    const base = chartsView({ ...report, coverageBase: { citizens: 3, citizensShare: null } }, h, QUADRANTS, []);
    expect(base.coverageBase).toEqual({ answersHtml: withheldHtml(), share: null });
    expect(chartsView({ ...report, coverageBase: null }, h, QUADRANTS, []).coverageBase).toBeNull();
  });
});
