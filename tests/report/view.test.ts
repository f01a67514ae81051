import { readFileSync } from "node:fs";
import ejs from "ejs";
import { describe, expect, it } from "vitest";
import { minimalLabels } from "../../src/report/labels.js";
import { certainty, helpers, ipaPoints, jsonForHtml, withheldHtml } from "../../src/report/view.js";
import { citizenSurvey, reportOf, syntheticSample } from "./fixtures.js";

const h = helpers(minimalLabels(citizenSurvey.catalogue));

describe("the report's printing helpers", () => {
  it("prints a count with data-count, and hides a null or 1 to 4 in words, never as 0", () => {
    expect(h.count(1234)).toBe('<span data-count="1234">1.234</span>');
    expect(h.count(0)).toBe('<span data-count="0">0</span>');
    expect(h.count(5)).toBe('<span data-count="5">5</span>');
    for (const n of [null, undefined, 1, 4]) expect(h.count(n)).toBe(withheldHtml());
    // «dato non pubblicato» with its reason, reachable by keyboard; the same markup as the partial views/report/withheld.ejs.
    expect(withheldHtml()).toMatch(
      /^<span class="withheld hidden-cell" data-hidden="true" tabindex="0">dato non pubblicato<span class="withheld-reason">[^<]+<\/span><\/span>$/,
    );
    const partial = ejs.render(readFileSync("views/report/withheld.ejs", "utf8"), { reason: "Motivo <x>" }).trim();
    expect(partial).toBe(withheldHtml("Motivo <x>"));
    expect(h.answers(3)).not.toContain("risposte risposte");
    expect(h.answers(12, "persone")).toBe('<span data-count="12">12</span> persone');
    expect(h.value(null, (v) => String(v))).toContain("dato non pubblicato");
    expect(h.value(0.5, (v) => h.pct(v, 0))).toBe("50\u00a0%");
  });

  it("names services from the catalogue and makes unknown codes readable", () => {
    expect(h.service("cie")).toBe(citizenSurvey.catalogue!.services.find((s) => s.code === "cie")!.name.it);
    expect(h.service("non_in_catalogo")).toBe("non in catalogo");
  });

  it("says how sure we are from P(top-k) and the rank interval", () => {
    const base = { k: 5, rankInterval: [2, 4] as [number, number] };
    const say = (topK: number | null) => certainty({ ...base, topK } as Parameters<typeof certainty>[0]);
    expect(say(0.97)).toEqual({
      level: "alta",
      text: "quasi certamente tra i primi 5 (97\u00a0%); tra il 2º e il 4º posto nel 95\u00a0% delle repliche",
    });
    expect(say(0.7).text).toMatch(/^probabilmente tra i primi 5 \(70\u00a0%\)/);
    expect(say(0.45).text).toMatch(/^incerto: tra i primi 5 solo nel 45\u00a0% delle repliche/);
    expect(say(null).level).toBe("ignota");
  });

  it("keeps JSON for the page inside its script element", () => {
    const json = jsonForHtml({ label: "</script><script>alert(1)</script>" });
    expect(json).not.toContain("<");
    expect(JSON.parse(json)).toEqual({ label: "</script><script>alert(1)</script>" });
  });

  it("leaves out of the chart a service whose satisfaction rests on fewer than 5 users", () => {
    const report = reportOf(syntheticSample(40, 10, 11));
    // The core hides a mean on fewer than 5 answers; the chart never draws such a point.
    const few = report.ipa.points.filter((p) => p.satisfaction === null && p.importance !== null).map((p) => p.service);
    expect(few.length).toBeGreaterThan(0);
    const drawn = ipaPoints(report).map((p) => p.service);
    for (const s of few) expect(drawn).not.toContain(s);
    expect(drawn.length).toBeGreaterThan(0);
  });
});
