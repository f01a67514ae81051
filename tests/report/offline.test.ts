import { describe, expect, it } from "vitest";
import { reportLabels } from "../../src/report/labels.js";
import { renderOfflineReport } from "../../src/report/offline.js";
import { citizenSurvey, reportOf, staffSurvey, syntheticSample } from "./fixtures.js";

describe("renderOfflineReport (also used by the CLI)", () => {
  const report = reportOf(syntheticSample(200, 30, 4));

  it("works from the report and the catalogue alone: services named, no script, no external file", () => {
    const html = renderOfflineReport(report, citizenSurvey.catalogue, { comuneName: "Comune di Limbiate" });
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link |src="http|href="http/i);
    const first = citizenSurvey.catalogue!.services.find((s) => s.code === report.ranking[0].service)!.name.it;
    expect(html).toContain(
      `<li data-service="${report.ranking[0].service}"><span class="svc-name">${first.replace(/'/g, "&#39;")}</span>`,
    );
    expect(html).toContain("Comune di Limbiate");
    expect(html.match(/<svg /g)).toHaveLength(4); // best–worst scores, importance–performance (wide and narrow), coverage
    expect(html).toContain('id="svg-best-worst"');
  });

  it("names answer categories from the questionnaires when given their labels", () => {
    const bare = renderOfflineReport(report, citizenSurvey.catalogue, { comuneName: "X" });
    const named = renderOfflineReport(report, citizenSurvey.catalogue, {
      comuneName: "X",
      labels: reportLabels(citizenSurvey, staffSurvey),
    });
    expect(bare).toContain("18 29, ");
    expect(named).toContain("Da 18 a 29 anni");
    expect(named).toContain("pagoPA, SPID e servizi online");
  });

  it("says once why no ranking is published, and draws no empty ranking table, when the sample can't be weighted", () => {
    const few = reportOf(syntheticSample(8, 0, 3));
    expect(few.rankingWithheld).toBeTruthy();
    const html = renderOfflineReport(few, citizenSurvey.catalogue, { comuneName: "X" });
    expect(html).toContain('data-answer="withheld"');
    expect(html).not.toContain('id="tabella-classifica"');
    expect(html).not.toContain('id="tabella-certezza"');
    expect(html).toContain("graduatoria non pubblicata");
  });

  it("is the same file for the same report", () => {
    expect(renderOfflineReport(report, citizenSurvey.catalogue, { comuneName: "X" })).toBe(
      renderOfflineReport(report, citizenSurvey.catalogue, { comuneName: "X" }),
    );
  });
});
