import Papa from "papaparse";
import request from "supertest";
import { beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../../src/report/build.js";
import type { Report } from "../../src/report/contract.js";
import { countsOf } from "../../src/report/count-fields.js";
import { marginsFrom, staffSurveyFor } from "../../src/report/load.js";
import { readReportSettings, readStoredMargins, saveReportSettings } from "../../src/storage/sqlite-report-settings.js";
import { DEFAULT_SETTINGS, type ReportFilters } from "../../src/report/types.js";
import { listResponses } from "../../src/storage/sqlite-responses.js";
import type { TestApp } from "../helpers/app.js";
import { signIn } from "../helpers/auth.js";
import {
  crossViewRelations,
  estimateOf,
  feasibleValues,
  predictedHit,
  withinViewRelations,
  type Counts,
  type Relation,
} from "../helpers/differencing-attacker.js";
import { printedCounts, reportApp } from "../helpers/report-pages.js";

/**
 * Issue 12's reader, on demo-like data (1,500 citizens, 60 staff): it pulls every view the app serves
 * (every filter value the report page offers, alone; combinations are refused), the JSON, the
 * open-data CSV and the offline files, writes every subtraction and sum relation it can between the
 * published counts, and we count how often it lands exactly on a true count of 1 to 4.
 */

let t: TestApp;
let cookie = "";
const ALL = "(tutti)";
/** view name → its query, the JSON counts (null: the view is not served), the exact counts. */
const views = new Map<
  string,
  { query: string; status: number; counts: Counts | null; truth: Counts; effective: number[] }
>();
const filterValues = new Map<string, string[]>();

function exactReport(filters: ReportFilters): Report {
  const survey = t.registry.current("cittadini")!;
  const staffSurvey = staffSurveyFor(t.registry, survey)!;
  const margins = marginsFrom(readStoredMargins(t.db, "cittadini"), survey, "reports/margins/limbiate.csv");
  return buildReport({
    citizenSurvey: survey,
    citizens: listResponses(t.db, "cittadini"),
    staffSurvey,
    staff: listResponses(t.db, staffSurvey.definition.id),
    margins: margins?.ok ? margins.margins : undefined,
    settings: readReportSettings(t.db, "cittadini"),
    filters,
    generatedAt: "2026-11-27T00:00:00.000Z",
    protect: false,
  });
}

beforeAll(async () => {
  t = await reportApp(1500, 60, 12);
  // Few bootstrap replicates: the attacker reads counts, and the views are many.
  saveReportSettings(t.db, "cittadini", { ...DEFAULT_SETTINGS, replicates: 10 }, "test");
  cookie = (await signIn(t.app, "giunta")).cookie;
  // The filters the report offers: the options of its filter form.
  const page = await request(t.app).get("/reports/cittadini").set("Cookie", cookie);
  expect(page.status).toBe(200);
  for (const m of page.text.matchAll(/<select[^>]*name="([a-z]+)"[^>]*>([\s\S]*?)<\/select>/g)) {
    filterValues.set(
      m[1],
      [...m[2].matchAll(/<option value="([^"]+)"/g)].map((o) => o[1]),
    );
  }
  const queries: [string, string, ReportFilters][] = [[ALL, "", { groups: {} }]];
  for (const [param, values] of filterValues) {
    for (const v of values)
      queries.push([
        `${param}=${v}`,
        `?${param}=${v}`,
        param === "canale" ? { groups: {}, channel: v } : { groups: { [param]: v } },
      ]);
  }
  for (const [name, query, filters] of queries) {
    const res = await request(t.app).get(`/reports/cittadini.json${query}`).set("Cookie", cookie);
    // Effective sizes (Kish) are printed rounded beside the counts: derived from the protected counts too.
    const effective =
      res.status === 200
        ? [res.body.weighting?.effectiveN, res.body.responses?.effectiveN]
            .filter((x) => typeof x === "number")
            .map(Math.round)
        : [];
    views.set(name, {
      query,
      status: res.status,
      counts: res.status === 200 ? countsOf(res.body) : null,
      truth: countsOf(exactReport(filters)),
      effective,
    });
  }
}, 600_000);

const truthOf = (view: string, path: string): number => views.get(view)?.truth.get(path) ?? 0;
const served = (): Map<string, Counts> =>
  new Map([...views].filter(([, v]) => v.counts).map(([k, v]) => [k, v.counts!]));

describe("a differencing attacker on every view the app serves", () => {
  it("is offered quartiere, age band and channel, serves each alone or refuses it as too small, and refuses every combination", async () => {
    expect([...filterValues.keys()].sort()).toEqual(["canale", "eta", "quartiere"]);
    for (const [name, v] of views) {
      expect([200, 403], name).toContain(v.status);
      if (v.status === 403) expect(v.truth.get("responses.used") ?? 0, name).toBeLessThan(23);
      else expect(v.counts!.get("responses.used") ?? 0, name).toBeGreaterThanOrEqual(20);
    }
    const [a, b] = [...filterValues.keys()];
    for (const va of filterValues.get(a)!.slice(0, 3)) {
      for (const vb of filterValues.get(b)!.slice(0, 3)) {
        expect(
          (await request(t.app).get(`/reports/cittadini.json?${a}=${va}&${b}=${vb}`).set("Cookie", cookie)).status,
        ).toBe(400);
      }
    }
  });

  it("finds in the pages, the offline files and the open-data CSV no count that the JSON of the same view does not publish", async () => {
    for (const [name, v] of views) {
      if (!v.counts) continue;
      const published = new Set([...[...v.counts.values()].filter((x): x is number => x !== null), ...v.effective]);
      for (const path of ["/reports/cittadini", "/reports/cittadini/rapporto.html"]) {
        const res = await request(t.app).get(`${path}${v.query}`).set("Cookie", cookie);
        expect(res.status, path + v.query).toBe(200);
        const stray = printedCounts(res.text).filter((n) => !published.has(n));
        expect(stray, `${path}${v.query} (${name})`).toEqual([]);
        expect(res.text).not.toMatch(/data-hidden="true">\s*0\s*%/);
      }
    }
    const csv = await request(t.app).get("/reports/cittadini/opendata.csv").set("Cookie", cookie);
    expect(csv.status).toBe(200);
    const rows = Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const whole = new Set([...views.get(ALL)!.counts!.values()].filter((x): x is number => x !== null));
    const counts = rows.filter((r) => r.count !== "").map((r) => Number(r.count));
    expect(counts.length).toBeGreaterThan(100);
    expect(counts.filter((n) => !whole.has(n))).toEqual([]);
    // A withheld value is an empty cell with its flag.
    for (const r of rows) if (r.count === "") expect(r.suppressed, `${r.section} ${r.item} ${r.category}`).toBe("1");
  });

  it("recovers no true count of 1 to 4 with certainty, and lands on them no more often than the noise table predicts", () => {
    const byView = served();
    const allPaths = new Set<string>();
    for (const v of views.values()) for (const p of v.truth.keys()) allPaths.add(p);
    const partitions = [...filterValues].map(([param, values]) => values.map((v) => `${param}=${v}`));
    const relations: Relation[] = crossViewRelations(ALL, partitions, byView, allPaths);
    for (const [name, counts] of byView) for (const r of withinViewRelations(name, counts)) relations.push(r);

    const small = relations.filter((r) => {
      const truth = truthOf(r.view, r.path);
      return truth >= 1 && truth <= 4 && views.get(r.view)!.truth.has(r.path);
    });
    let hits = 0;
    let predicted = 0;
    const byTarget = new Map<string, Relation[]>();
    for (const r of small) {
      if (estimateOf(r) === truthOf(r.view, r.path)) hits++;
      predicted += predictedHit(r, truthOf);
      // For certainty the reader is granted which relations are exact identities (a partition, a
      // single-choice question): the strongest reader, who never mixes in a wrong one.
      const identity = r.terms.reduce((s, x) => s + x.sign * truthOf(x.view, x.path), 0) === truthOf(r.view, r.path);
      if (!identity) continue;
      const key = `${r.view}|${r.path}`;
      byTarget.set(key, [...(byTarget.get(key) ?? []), r]);
    }
    // The attack is not empty: thousands of relations aimed at small counts, across and within views.
    expect(small.length).toBeGreaterThan(2000);
    expect(small.some((r) => r.terms.some((x) => x.view !== r.view))).toBe(true);
    // No better than the table: the hits are what independent noises give, within sampling error.
    expect(hits).toBeLessThanOrEqual(predicted + 4 * Math.sqrt(predicted) + 5);
    console.info(
      `attacker: ${small.length} relations on counts of 1–4, ${hits} exact (table predicts ${predicted.toFixed(1)}, ${((100 * hits) / small.length).toFixed(1)} %)`,
    );

    // Certainty: every relation on a cell and its own published value, intersected.
    const certain: string[] = [];
    for (const [key, rels] of byTarget) {
      const [view, path] = key.split("|");
      const own = views.get(view)!.counts?.get(path);
      const feasible = feasibleValues(own === undefined ? undefined : own, rels);
      if (feasible.length === 1) certain.push(`${key} = ${feasible[0]}`);
      expect(feasible, key).toContain(truthOf(view, path));
    }
    expect(certain).toEqual([]);
  }, 600_000);
});
