import { describe, expect, it } from "vitest";
import type { ComparedSide, GroupOption } from "../../src/report/comparison.js";
import { compareView } from "../../src/report/compare-view.js";
import { reportLabels } from "../../src/report/labels.js";
import { helpers } from "../../src/report/view.js";
import { citizenSurvey, reportOf, staffSurvey, syntheticSample } from "../report/fixtures.js";

const report = reportOf(syntheticSample(300, 40, 21));
const h = helpers(reportLabels(citizenSurvey, staffSurvey));
const survey = { id: "cittadini", title: { it: "Cittadini" } };
const options: GroupOption[] = [
  { value: "tutti", label: "Tutti i cittadini", filters: { groups: {} } },
  { value: "canale:kiosk", label: "Canale: Kiosk", filters: { groups: {}, channel: "kiosk" } },
];
const all: ComparedSide = { option: options[0], shown: true, report };
const kiosk: ComparedSide = { option: options[1], shown: false, report: null };

describe("the comparison's view model (views/report/confronto.ejs)", () => {
  it("offers every group in both choosers, the chosen ones marked, and no sides until two are chosen", () => {
    const view = compareView(survey, options, all, null, h);
    expect(view.title).toBe("Confronto tra due gruppi · Cittadini");
    expect(view.pickers.map((p) => [p.key, p.label])).toEqual([
      ["a", "Primo gruppo"],
      ["b", "Secondo gruppo"],
    ]);
    expect(view.pickers[0].options.map((o) => o.selected)).toEqual([true, false]);
    expect(view.pickers[1].options.every((o) => !o.selected)).toBe(true);
    expect(view.sides).toBeNull();
    expect(view.table).toBeNull();
  });

  it("gives a shown side its first k with their certainty, and names a side too small to show", () => {
    const view = compareView(survey, options, all, kiosk, h);
    const [a, b] = view.sides!;
    const k = report.settings.topK;
    expect(a.shown?.topK).toBe(k);
    expect(a.shown?.top.map((s) => s.service)).toEqual(report.ranking.slice(0, k).map((r) => r.service));
    expect(a.shown?.top[0].name).toBe(h.service(report.ranking[0].service));
    expect(b).toEqual({ key: "b", label: "Canale: Kiosk", shown: null });
  });

  it("prints each service's position in both groups: excluded where shown, a dash where not", () => {
    const table = compareView(survey, options, all, kiosk, h).table!;
    expect(table.headA).toBe("Tutti i cittadini");
    expect(table.rows[0]).toEqual({ name: h.service(report.ranking[0].service), a: "1º", b: "—" });
    const twice = compareView(survey, options, all, { ...all, option: options[1] }, h).table!;
    expect(twice.rows.every((r) => r.a === r.b)).toBe(true);
  });
});
