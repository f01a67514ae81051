import { describe, expect, it } from "vitest";
import { certaintyShort, excludedThatWouldRank, exclusionReason, warningsOf } from "../../src/report/answer.js";
import { ipaSvg, overlaps, placeLabels, wrapWords, type Box } from "../../src/report/ipa-svg.js";
import { reportOf, syntheticSample } from "./fixtures.js";

const report = reportOf(syntheticSample(300, 40, 21));

describe("the first screen's answer", () => {
  it("names each excluded service whose score would put it among the first k, with the place it would take alone", () => {
    const k = report.settings.topK;
    const scores = report.ranking.map((r) => r.score);
    const expected = report.excluded
      .filter((r) => r.score > scores[k - 1])
      .map((r) => ({ service: r.service, position: 1 + scores.filter((s) => s > r.score).length }));
    const got = excludedThatWouldRank(report).map((w) => ({ service: w.ranked.service, position: w.position }));
    expect(got.sort((a, b) => a.service.localeCompare(b.service))).toEqual(
      expected.sort((a, b) => a.service.localeCompare(b.service)),
    );
    for (const w of excludedThatWouldRank(report)) expect(w.position).toBeLessThanOrEqual(k);
  });

  it("puts none on that list when every excluded service scores below the k-th", () => {
    const low = { ...report, excluded: report.excluded.map((r) => ({ ...r, score: 0 })) };
    expect(excludedThatWouldRank(low)).toEqual([]);
  });

  it("says how sure in words and numbers, and why a service is out", () => {
    const r = report.ranking[0];
    expect(certaintyShort({ ...r, topK: 0.95 })).toMatchObject({
      level: "alta",
      words: "quasi certo",
      number: "95\u00a0%",
    });
    expect(certaintyShort({ ...r, topK: 0.6 })).toMatchObject({ level: "media", words: "probabile" });
    expect(certaintyShort({ ...r, topK: 0.2 })).toMatchObject({ level: "bassa", words: "incerto" });
    expect(certaintyShort({ ...r, topK: null })).toMatchObject({ level: "ignota", number: null });
    expect(exclusionReason({ ...r, gate: "fail", raw: { ...r.raw, X: 0.17 } })).toBe(
      "operatore formato sufficiente: 17\u00a0% del personale",
    );
  });

  it("lists the warnings a reader must not miss, in a few words each", () => {
    const keys = warningsOf(report, "Canale: Web").map((w) => w.key);
    expect(keys).toContain("synthetic");
    expect(keys).toContain("filters");
    expect(
      warningsOf(
        { ...report, synthetic: false, margins: null, sample: [], weighting: { ...report.weighting, problem: null } },
        null,
      ),
    ).toEqual([]);
  });
});

describe("the importance–performance chart's labels", () => {
  it("places every number of a crowded cloud without touching another label, a point or a fixed box", () => {
    const plot: Box = { x: 40, y: 10, w: 300, h: 300 };
    // 32 points in a tight cluster, as the demo's services are.
    const centres = Array.from({ length: 32 }, (_, i) => ({ cx: 150 + ((i * 37) % 90), cy: 120 + ((i * 53) % 100) }));
    const fixed: Box[] = [{ x: 44, y: 12, w: 100, h: 30 }];
    const boxes = placeLabels(
      centres,
      centres.map((_, i) => String(i + 1)),
      12,
      plot,
      fixed,
    );
    expect(boxes.every((b) => b !== null)).toBe(true);
    const placed = boxes as Box[];
    for (let i = 0; i < placed.length; i++) {
      expect(overlaps(placed[i], fixed[0])).toBe(false);
      for (let j = i + 1; j < placed.length; j++) expect(overlaps(placed[i], placed[j]), `${i} and ${j}`).toBe(false);
      for (const c of centres) expect(overlaps(placed[i], { x: c.cx - 4, y: c.cy - 4, w: 8, h: 8 })).toBe(false);
    }
  });

  it("wraps quadrant names at spaces and draws one numbered label per point", () => {
    expect(wrapWords("Possibile eccesso di attenzione", 17)).toEqual(["Possibile eccesso", "di attenzione"]);
    const svg = ipaSvg({
      id: "t",
      title: "T",
      description: "D",
      points: [
        { x: 5, y: 6, label: "A & B" },
        { x: 6, y: 5, label: "C" },
      ],
      xLine: 5.5,
      yLine: 5.5,
      quadrants: ["a", "b", "c", "d"],
      xBounds: [1, 10],
      xLabel: "Importanza media",
      width: 360,
      height: 400,
      fontSize: 12,
      wrapAt: 17,
      format: String,
      formatValue: String,
    });
    expect(svg.match(/class="point-label"/g)).toHaveLength(2);
    expect(svg).toContain("1. A &amp; B: importanza 5, soddisfazione 6");
  });
});
