import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import {
  OPEN_DATA_COLUMNS,
  openDataCsv,
  openDataLabels,
  openDataRows,
  type OpenDataLabels,
} from "../../src/report/opendata.js";
import { openDataDictionaryCsv } from "../../src/report/opendata-dictionary.js";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";
import { citizenSurvey, reportOf, syntheticSample } from "./fixtures.js";

const labels = openDataLabels(citizenSurvey);

function parse(csv: string): Record<string, string>[] {
  expect(csv.startsWith("\uFEFF")).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe("open-data CSV", () => {
  // A sparse sample: many categories fall under 5 respondents. Unweighted (too few to rake to every
  // census group) and above the floor on the effective n, so a ranking is published.
  const sparse = reportOf(syntheticSample(40, 6, 3), {
    margins: undefined,
    settings: { ...DEFAULT_SETTINGS, replicates: 200 },
  });

  it("has the documented columns and rows for questions, means and the ranking", () => {
    const rows = parse(openDataCsv(sparse, labels));
    expect(Object.keys(rows[0])).toEqual([...OPEN_DATA_COLUMNS]);
    const sections = new Set(rows.map((r) => r.section));
    expect(sections).toEqual(expect.objectContaining(new Set(["domanda", "media", "graduatoria"])));
    expect(
      rows.some(
        (r) =>
          r.section === "domanda" &&
          r.item === "eta" &&
          r.category === "65_74" &&
          r.category_label === "Da 65 a 74 anni",
      ),
    ).toBe(true);
    const first = sparse.ranking[0];
    const position = rows.find(
      (r) => r.section === "graduatoria" && r.item === first.service && r.category === "posizione",
    )!;
    expect(position.estimate).toBe(String(first.rank));
    expect(position.low).toBe(String(first.rankInterval![0]));
  });

  it("publishes no count under 5 on a sparse sample, and leaves hidden cells empty", () => {
    const rows = parse(openDataCsv(sparse, labels));
    const counts = rows.filter((r) => r.count !== "").map((r) => Number(r.count));
    expect(counts.length).toBeGreaterThan(50);
    // An empty category (0) discloses nobody; 1 to 4 would.
    expect(counts.filter((n) => n > 0 && n < 5)).toEqual([]);
    const hidden = rows.filter((r) => r.suppressed === "1");
    // The test would prove nothing if the sample had no small cells.
    expect(hidden.length).toBeGreaterThan(20);
    // A mean on fewer than 5 true answers is withheld while its perturbed n is published.
    for (const r of hidden) {
      // Something in the row is withheld: its count (the users of a ranked service), or its estimate.
      expect(r.count === "" || [r.estimate, r.low, r.high].every((x) => x === "")).toBe(true);
      if (r.count !== "" && r.count !== "0") expect(Number(r.count)).toBeGreaterThanOrEqual(5);
    }
  });

  it("holds with a filter too (a domain makes every cell smaller)", () => {
    const filtered = reportOf(syntheticSample(400, 6, 4), { filters: { groups: { quartiere: "centro" } } });
    expect(filtered.view.served).toBe(true);
    const counts = parse(openDataCsv(filtered, labels))
      .filter((r) => r.count !== "")
      .map((r) => Number(r.count));
    expect(counts.length).toBeGreaterThan(20);
    expect(counts.filter((n) => n > 0 && n < 5)).toEqual([]);
  });

  it("publishes the best–worst scores per service, read from the report's best–worst section", () => {
    const bw = sparse.bestWorst!;
    const rows = parse(openDataCsv(sparse, labels)).filter((r) => r.section === "best_worst");
    const perService = bw.logitConverged ? 4 : 3;
    expect(rows).toHaveLength(bw.services.length * perService);
    for (const s of bw.services) {
      const score = rows.find((r) => r.item === s.service && r.category === "punteggio")!;
      expect(score.item_label).toBe(labels.service(s.service));
      expect([score.count, score.estimate, score.low, score.high, score.suppressed]).toEqual(
        [s.n, s.score, s.low, s.high].map((x) => (x === null ? "" : String(x))).concat(s.suppressed ? "1" : "0"),
      );
      const best = rows.find((r) => r.item === s.service && r.category === "quota_piu_importante")!;
      expect(best.estimate).toBe(s.bestShare === null ? "" : String(s.bestShare));
    }
  });

  it("reads every number from the report object", () => {
    for (const row of openDataRows(sparse, labels).filter((r) => r[0] === "domanda")) {
      const cell = sparse.questions[row[1] as string].categories[row[3] as string];
      expect([row[5], row[6], row[7], row[8], row[9]]).toEqual([
        cell.count,
        cell.estimate,
        cell.low,
        cell.high,
        cell.suppressed,
      ]);
    }
  });

  it("neutralises cells a spreadsheet would run as a formula", () => {
    const evil: OpenDataLabels = {
      item: () => '=HYPERLINK("http://x")',
      category: () => "+1",
      service: () => "@SUM(A1)",
    };
    const rows = parse(openDataCsv(sparse, evil));
    expect(rows[0].item_label).toBe('\'=HYPERLINK("http://x")');
    expect(rows[0].category_label).toBe("'+1");
    expect(rows.find((r) => r.section === "graduatoria")!.item_label).toBe("'@SUM(A1)");
    // Negative numbers stay numbers.
    expect(rows.every((r) => !r.estimate.startsWith("'"))).toBe(true);
  });
});

describe("open-data dictionary", () => {
  it("describes every column and carries the licence and the warnings", () => {
    const report = reportOf(syntheticSample(30, 5, 5));
    const rows = parse(openDataDictionaryCsv(report));
    expect(rows.map((r) => r.column).slice(0, OPEN_DATA_COLUMNS.length)).toEqual([...OPEN_DATA_COLUMNS]);
    for (const r of rows.slice(0, OPEN_DATA_COLUMNS.length)) expect(r.meaning.length).toBeGreaterThan(10);
    expect(rows.find((r) => r.column === "(licenza)")!.meaning).toContain("CC BY 4.0");
    expect(rows.find((r) => r.column === "(dati_simulati)")!.meaning).toMatch(/^sì: i dati sono simulati/);
    expect(rows.find((r) => r.column === "(margini_illustrativi)")!.meaning).toMatch(
      /^sì: i margini di censimento sono illustrativi/,
    );
  });

  it("says no when the data are real and the margins verified", () => {
    const sample = syntheticSample(30, 5, 5);
    const real = {
      citizens: sample.citizens.map((r) => ({ ...r, synthetic: false })),
      staff: sample.staff.map((r) => ({ ...r, synthetic: false })),
    };
    const report = reportOf(real);
    const verified = { ...report, margins: { ...report.margins!, illustrative: false } };
    const rows = parse(openDataDictionaryCsv(verified));
    expect(rows.find((r) => r.column === "(dati_simulati)")!.meaning).toBe("no");
    expect(rows.find((r) => r.column === "(margini_illustrativi)")!.meaning).toMatch(/^no \(limbiate\.csv/);
  });
});
