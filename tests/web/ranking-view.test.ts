import { describe, expect, it } from "vitest";
import { excludedThatWouldRank } from "../../src/report/answer.js";
import { reportLabels } from "../../src/report/labels.js";
import { certaintyView, whyView } from "../../src/report/ranking-view.js";
import { CRITERIA, helpers, sensitivityRows, withheldHtml } from "../../src/report/view.js";
import { citizenSurvey, reportOf, staffSurvey, syntheticSample } from "../report/fixtures.js";

const report = reportOf(syntheticSample(300, 40, 21));
const labels = reportLabels(citizenSurvey, staffSurvey);
const h = helpers(labels);
const k = report.settings.topK;
const top = report.ranking.slice(0, k);

describe("the «why these services» view model (views/report/perche.ejs)", () => {
  const why = whyView(report, h, CRITERIA, top, excludedThatWouldRank(report));

  it("writes the criteria as one sentence, lower case, ending with a full stop", () => {
    expect(why.criteria.map((c) => c.name)).toEqual(CRITERIA.map((c) => c.name.toLowerCase()));
    expect(why.criteria.map((c) => c.separator)).toEqual([...CRITERIA.slice(1).map(() => "; "), "."]);
    expect(why.criteriaNames).toEqual(CRITERIA.map((c) => c.name));
  });

  it("gives each of the first k its two strongest criteria in words, with the criterion and its value", () => {
    expect(why.reasons).toHaveLength(k);
    expect(why.reasons[0].name).toBe(labels.services[top[0].service]);
    expect(why.reasons[0].text).toMatch(/^[^;]+ \([a-zà-ù ]+ \d,\d\d\); [^;]+ \([a-zà-ù ]+ \d,\d\d\)$/);
  });

  it("prints the ranking's cells in Italian format, the first k marked, a missing figure as withheld", () => {
    const row = why.ranking[0];
    expect(row).toMatchObject({ service: top[0].service, rank: "1º", inTop: true });
    expect(row.scoreHtml).toMatch(/^\d,\d\d$/);
    expect(row.criteriaHtml).toHaveLength(CRITERIA.length);
    expect(why.ranking.filter((r) => r.inTop).length).toBeGreaterThanOrEqual(k);
    const hidden = whyView(
      { ...report, ranking: [{ ...report.ranking[0], raw: { ...report.ranking[0].raw, X: null } }] },
      h,
      CRITERIA,
      [],
      [],
    );
    expect(hidden.ranking[0].feasibilityHtml).toBe(withheldHtml());
  });

  it("says where an excluded service would be, among the first k or beyond", () => {
    const would = excludedThatWouldRank(report);
    expect(would.length).toBeGreaterThan(0);
    const first = why.excluded.find((e) => e.service === would[0].ranked.service)!;
    expect(first.wouldRank).toBe(true);
    expect(first.position).toBe(`${would[0].position}º (tra i primi ${k})`);
    const beyond = why.excluded.find((e) => !e.wouldRank);
    if (beyond) expect(beyond.position).toBe(`oltre il ${k}º`);
    expect(why.gate).toMatch(/^\d+\u00a0%$/);
  });

  it("passes on why there is no ranking", () => {
    expect(whyView({ ...report, rankingWithheld: "Troppo incerta." }, h, CRITERIA, [], []).withheld).toBe(
      "Troppo incerta.",
    );
    expect(why.withheld).toBeNull();
  });
});

describe("the «how sure» view model (views/report/certezza.ejs)", () => {
  const sure = certaintyView(report, h, CRITERIA, sensitivityRows(report));

  it("writes each rank interval as one place or a range, and «—» without replicates", () => {
    const [a, b] = report.ranking;
    const one = certaintyView(
      {
        ...report,
        ranking: [
          { ...a, rankInterval: [2, 2] },
          { ...b, rankInterval: [1, 3] },
          { ...b, rankInterval: null },
        ],
      },
      h,
      CRITERIA,
      [],
    );
    expect(one.rows.map((r) => r.interval)).toEqual(["2º", "1º–3º", "—"]);
    expect(sure.rows[0].words).toMatch(/^(quasi certo|probabile|incerto|certezza non calcolata)$/);
    expect(sure.replicates).toBe(h.int(report.settings.replicates));
  });

  it("names each weight's change and what it moves, or says nothing changes", () => {
    const rows = certaintyView(report, h, CRITERIA, [
      { criterion: "D", factor: 0.8, moved: [], entering: [], leaving: [] },
      {
        criterion: "X",
        factor: 1.2,
        moved: [{ service: "anagrafe", rank: 2, baseRank: 1 }],
        entering: ["anagrafe"],
        leaving: ["tributi"],
      },
    ]).sensitivity;
    expect(rows[0]).toEqual({ criterion: "Domanda", change: "−20 %", top: "Invariati", moved: "Nessuno" });
    expect(rows[1].criterion).toBe("X");
    expect(rows[1].change).toBe("+20 %");
    expect(rows[1].top).toBe(`Entra ${h.service("anagrafe")}. Esce ${h.service("tributi")}`);
    expect(rows[1].moved).toBe(`${h.service("anagrafe")} 1º → 2º`);
  });

  it("gives the gate's table only when the report has one", () => {
    expect(sure.gate?.rows.length).toBe(report.gateSensitivity.length);
    expect(certaintyView({ ...report, gateSensitivity: [] }, h, CRITERIA, []).gate).toBeNull();
    const none = certaintyView(
      { ...report, gateSensitivity: [{ ...report.gateSensitivity[0], entering: [], leaving: [] }] },
      h,
      CRITERIA,
      [],
    );
    expect(none.gate?.rows[0]).toMatchObject({ entering: "Nessuno", leaving: "Nessuno" });
  });
});
