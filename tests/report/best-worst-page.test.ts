import { readFileSync } from "node:fs";
import ejs from "ejs";
import { describe, expect, it } from "vitest";
import type { BestWorstTask } from "../../src/analysis/index.js";
import { bestWorstSection } from "../../src/report/best-worst.js";
import { bestWorstView } from "../../src/report/best-worst-view.js";
import { helpers } from "../../src/report/view.js";

const ITEMS = ["a", "b", "c", "d", "e"];
/** 30 respondents see a, b, c, d every time; only respondents 0–3 also see e (4 people). */
function tasksOf(): BestWorstTask[][] {
  return Array.from({ length: 30 }, (_, i) => {
    const own: BestWorstTask[] = [
      { items: ["a", "b", "c", "d"], best: i % 3 === 0 ? "b" : "a", worst: i % 2 ? "d" : "c" },
    ];
    if (i < 4) own.push({ items: ["e", "a", "b", "c"], best: "e", worst: "c" });
    return own;
  });
}
const exactCount = (flags: boolean[]): number => flags.filter(Boolean).length;
const labels = {
  services: { a: "Anagrafe", b: "Biblioteca", c: "Cimiteri", d: "Dati", e: "Elettorale" },
  areas: {},
  serviceAreas: {},
  choices: {},
  variables: {},
  variableNames: {},
  roles: {},
  subjects: {},
};

describe("the best–worst figures the report publishes (disclosure control)", () => {
  it("withholds every figure of a service shown to fewer than 5 respondents of the view", () => {
    const section = bestWorstSection(tasksOf(), ITEMS, new Array(30).fill(1), exactCount)!;
    const e = section.services.find((s) => s.service === "e")!;
    expect(e).toMatchObject({
      n: null,
      score: null,
      low: null,
      high: null,
      bestShare: null,
      worstShare: null,
      share: null,
      suppressed: true,
    });
    expect(section.services.find((s) => s.service === "a")).toMatchObject({ n: 30, suppressed: false });
  });

  it("withholds a service whose true count is 5 or more but whose published count falls under 5", () => {
    // The published count of the respondents shown "d" (all 30) comes out as 4 after perturbation.
    const published = (flags: boolean[]): number =>
      flags.filter(Boolean).length === 30 && flags.every(Boolean) ? 4 : exactCount(flags);
    const section = bestWorstSection(tasksOf(), ITEMS, new Array(30).fill(1), published)!;
    // Every service shown to all 30 has that count, so all of a–d are withheld, and e (4 people) too.
    expect(section.services.every((s) => s.suppressed && s.score === null)).toBe(true);
  });

  it("rounds published scores to two decimals and shares to three; the exact report keeps every digit", () => {
    const weights = Array.from({ length: 30 }, (_, i) => 1 + (i % 7) / 3);
    const rounded = bestWorstSection(tasksOf(), ITEMS, weights, exactCount)!;
    const exact = bestWorstSection(tasksOf(), ITEMS, weights, exactCount, false)!;
    for (const [i, s] of rounded.services.entries()) {
      if (s.suppressed) continue;
      const x = exact.services[i];
      expect(s.score).toBe(Math.round(x.score! * 100) / 100);
      expect(s.low).toBe(Math.round(x.low! * 100) / 100);
      expect(s.bestShare).toBe(Math.round(x.bestShare! * 1000) / 1000);
      expect(Math.abs(s.score! - x.score!)).toBeLessThanOrEqual(0.005);
    }
    expect(exact.services.some((s) => s.score !== null && Math.round(s.score * 100) / 100 !== s.score)).toBe(true);
  });
});

describe("the best–worst table and chart on the report pages", () => {
  const h = helpers(labels);
  const section = bestWorstSection(tasksOf(), ITEMS, new Array(30).fill(1), exactCount)!;
  const view = bestWorstView(section, h.service)!;
  const html = ejs.render(
    readFileSync("views/report/best-worst.ejs", "utf8"),
    { bestWorst: view, h },
    { filename: "views/report/best-worst.ejs" },
  );

  it("lists the services from the highest score, the withheld ones last, in Italian numbers", () => {
    const published = section.services
      .filter((s) => s.score !== null)
      .sort((x, y) => y.score! - x.score!)
      .map((s) => s.service);
    expect(view.rows.map((r) => r.service)).toEqual([...published, "e"]);
    expect(view.rows.at(-1)!.service).toBe("e");
    const rows = [...html.matchAll(/<tr data-service="([a-e])">([\s\S]*?)<\/tr>/g)];
    expect(rows.map((m) => m[1])).toEqual(view.rows.map((r) => r.service));
    const a = section.services.find((s) => s.service === "a")!;
    const aRow = rows.find((m) => m[1] === "a")![2];
    expect(aRow).toContain(`>${h.num(a.score!, 2)}<`);
    expect(aRow).toContain(`${h.num(a.low!, 2)} – ${h.num(a.high!, 2)}`);
    expect(aRow).toContain('<span data-count="30">30</span>');
    expect(h.num(a.score!, 2)).toMatch(/^-?\d,\d\d$/);
  });

  it("prints «dato non pubblicato» for every figure of a withheld service, and says why", () => {
    const eRow = [...html.matchAll(/<tr data-service="e">([\s\S]*?)<\/tr>/g)][0][1];
    // One cell across the row, in words, with the reason.
    expect(eRow.match(/data-hidden="true"/g)).toHaveLength(1);
    expect(eRow).toMatch(
      new RegExp(`<td colspan="${view.logitConverged ? 6 : 5}"><span class="withheld[^>]*>dato non pubblicato`),
    );
    expect(eRow).toContain("proposto a meno di 5 cittadini di questa vista");
    expect(eRow).not.toMatch(/\d,\d/);
    expect(html).toContain(
      "Per un servizio, proposto a meno di 5 cittadini di questa vista, nessun dato è pubblicato.",
    );
  });

  it("leaves out the share-of-preference column when the logit did not converge (a service always chosen best), and says so", () => {
    // "e" is chosen best every time it is shown: its utility is infinite and the model has no finite estimate.
    expect(view.logitConverged).toBe(false);
    expect(html).not.toContain("Quota di preferenza</th>");
    expect(html).toContain("La quota di preferenza non è pubblicata");
  });

  it("draws a labelled chart with a point for every published service and leaves the withheld one out", () => {
    expect(view.svg).toMatch(/<svg [^>]*role="img" aria-labelledby="svg-best-worst-title svg-best-worst-desc"/);
    expect(view.svg.match(/<circle /g)).toHaveLength(4);
    expect(view.svg).toContain("Anagrafe");
    expect(view.svg).not.toContain("Elettorale");
    expect(html).toContain('aria-labelledby="best-worst-t"');
  });
});
