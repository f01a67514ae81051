import { describe, expect, it } from "vitest";
import { reportLabels } from "../../src/report/labels.js";
import { staffView } from "../../src/report/staff-view.js";
import { helpers, serviceCards, withheldHtml, type ServiceCard } from "../../src/report/view.js";
import { citizenSurvey, reportOf, staffSurvey, syntheticSample } from "../report/fixtures.js";

const report = reportOf(syntheticSample(300, 40, 21));
const labels = reportLabels(citizenSurvey, staffSurvey);
const h = helpers(labels);
const cards = serviceCards(report, labels);

describe("the staff section's view model (views/report/cards.ejs)", () => {
  const view = staffView(report, h, labels, cards);

  it("lists every service in ranking order, the excluded ones last as «escluso», the first k marked", () => {
    expect(view.services.map((s) => s.service)).toEqual([...report.ranking, ...report.excluded].map((r) => r.service));
    expect(view.services[0]).toMatchObject({
      position: "1º",
      inTop: true,
      name: labels.services[cards[0].ranked.service],
    });
    expect(view.services.at(-1)).toMatchObject({ position: "escluso", inTop: false });
    expect(view.importanceScale).toBe(cards[0].importanceScale);
    expect(staffView(report, h, labels, []).importanceScale).toBe("1–10");
  });

  it("names the macro-area of a service when the catalogue gives one, and prints the withheld marker for a missing figure", () => {
    const withArea = view.services.find((s) => labels.serviceAreas[s.service]);
    expect(withArea?.area).toBe(h.area(labels.serviceAreas[withArea!.service]));
    const bare = staffView(report, h, labels, [
      { ...cards[0], satisfaction: null, importance: null, staff: null as unknown as ServiceCard["staff"] },
    ]);
    const row = bare.services[0];
    for (const cell of [row.satisfactionHtml, row.importanceHtml, row.staffHtml, row.severityHtml, row.feasibleHtml])
      expect(cell).toBe(withheldHtml());
  });

  it("says how many macro-areas are too small to show, in the singular and the plural", () => {
    const training = (hiddenAreas: number) =>
      staffView(
        { ...report, staff: { ...report.staff, training: { ...report.staff.training, hiddenAreas } } },
        h,
        labels,
        cards,
      ).training.hiddenNote;
    expect(training(0)).toBe("");
    expect(training(1)).toMatch(/^ Una macro-area ha meno di 5 risposte: /);
    expect(training(3)).toMatch(/^ 3 macro-aree hanno meno di 5 risposte ciascuna: /);
  });

  it("gives the training needs per subject, over all staff and for each macro-area shown", () => {
    const tr = report.staff.training;
    expect(view.training.rows.map((r) => r.subject)).toEqual(
      tr.subjects.filter((s) => tr.overall[s]).map((s) => h.subject(s)),
    );
    expect(view.training.areas).toEqual(Object.keys(tr.byArea).map((a) => h.area(a)));
    for (const row of view.training.byArea) expect(row.cellsHtml).toHaveLength(view.training.areas.length);
    expect(view.training.answersHtml).toBe(h.answers(report.staff.total));
  });
});
