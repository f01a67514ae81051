import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import { recordResponse } from "../../src/storage/sqlite-submit.js";
import { createApp } from "../../src/app.js";
import { createTestApp, SHIPPED_MARGINS, SHIPPED_SURVEYS, TEST_CONFIG, type TestApp } from "../helpers/app.js";
import { createUser, signIn } from "../helpers/auth.js";
import { syntheticSample } from "../report/fixtures.js";
import { readFileSync } from "node:fs";
import {
  deleteStoredMargins,
  saveReportSettings,
  saveStoredMargins,
} from "../../src/storage/sqlite-report-settings.js";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";

let t: TestApp;
const PANEL = "/admin/questionari/cittadini/campione";
const NOW = new Date("2026-03-10T12:00:00Z");

beforeAll(async () => {
  t = createTestApp(SHIPPED_SURVEYS);
  t.app = createApp({ db: t.db, registry: t.registry, config: TEST_CONFIG, now: () => NOW });
  // A skewed sample: Chalet del Laghetto keeps only 3 respondents.
  const sample = syntheticSample(200, 20, 17);
  let chalet = 0;
  const citizens = sample.citizens.filter((r) => r.answers.quartiere !== "chalet_laghetto" || ++chalet <= 3);
  t.db.transaction((tx) => {
    citizens.forEach((r, i) => {
      // Three days of fieldwork: 8, 9 and 10 March.
      const submittedAt = new Date(Date.UTC(2026, 2, 8 + (i % 3), 10)).toISOString();
      const stored = recordResponse(tx, t.registry.current("cittadini")!, r.answers, {
        channel: r.channel,
        lang: r.lang,
        startedAt: submittedAt,
        submittedAt,
        synthetic: true,
      });
      if (!stored.ok) throw new Error(JSON.stringify(stored.page));
    });
    for (const r of sample.staff)
      recordResponse(tx, t.registry.current("personale")!, r.answers, {
        channel: r.channel,
        lang: r.lang,
        startedAt: r.startedAt,
        submittedAt: r.submittedAt,
        synthetic: true,
      });
  });
  saveReportSettings(t.db, "cittadini", { ...DEFAULT_SETTINGS, replicates: 200 }, "test");
  for (const role of ["admin", "analyst", "giunta"] as const) await createUser(t.db, role);
});

const rowOf = (html: string, category: string): string =>
  new RegExp(
    `<tr[^>]*>\\s*<td><code>[^<]+</code></td>\\s*<th scope="row"><code>${category.replace("*", "\\*")}</code>[\\s\\S]*?</tr>`,
  ).exec(html)?.[0] ?? "";

describe("live fieldwork panel", () => {
  it("shows the analyst the responses per day with the running total", async () => {
    const { cookie } = await signIn(t.app, "analyst");
    const res = await request(t.app).get(PANEL).set("Cookie", cookie);
    expect(res.status).toBe(200);
    const table = /<table[^>]*id="per-day">[\s\S]*?<\/table>/.exec(res.text)![0];
    const rows = [
      ...table.matchAll(
        /<time datetime="([\d-]+)">[^<]*<\/time><\/th><td class="text-end">(\d+)<\/td><td class="text-end">([\d.]+)<\/td>/g,
      ),
    ].map((m) => [m[1], m[2], m[3]]);
    expect(rows).toEqual([
      ["2026-03-08", "66", "66"],
      ["2026-03-09", "66", "132"],
      ["2026-03-10", "66", "198"],
    ]);
  });

  it("names the groups short of their target, with counts under 5 as «meno di 5»", async () => {
    const { cookie } = await signIn(t.app, "admin");
    const res = await request(t.app).get(PANEL).set("Cookie", cookie);
    const chalet = rowOf(res.text, "chalet_laghetto");
    expect(chalet).toContain("meno di 5");
    expect(chalet).toContain("sotto l'obiettivo");
    expect(chalet).toMatch(/almeno \d+/);
    // 198 responses are far from 379 × deff: every group is short, centro included.
    expect(rowOf(res.text, "centro")).toContain("sotto l'obiettivo");
    expect(res.text).toMatch(/id="short-groups">\d+ gruppi sono sotto il loro obiettivo/);
    expect(res.text).toContain("Margini illustrativi.");
    // No number under 5 in the group table.
    const table = /<table class="table table-sm counts-table sample-status">[\s\S]*?<\/table>/.exec(res.text)![0];
    for (const m of table.matchAll(/<td class="text-end">(\d+)<\/td>/g))
      expect(Number(m[1]) === 0 || Number(m[1]) >= 5).toBe(true);
  });

  it("uses the chosen margin of error for the group targets", async () => {
    const { cookie } = await signIn(t.app, "admin");
    const five = await request(t.app).get(PANEL).set("Cookie", cookie);
    const three = await request(t.app).get(`${PANEL}?margine=3`).set("Cookie", cookie);
    const target = (html: string) => Number(/Obiettivo: <strong>([\d.]+)<\/strong>/.exec(html)![1].replace(".", ""));
    expect(target(three.text)).toBeGreaterThan(target(five.text));
    expect(three.text).toContain('value="3" checked');
  });

  it("sizes the sample for the population of the margins in use, whatever the comune", async () => {
    const { cookie } = await signIn(t.app, "admin");
    const base = (html: string) => /<th scope="row">± 5 %<\/th><td class="text-end">([\d.]+)<\/td>/.exec(html)?.[1];
    // Limbiate's shipped margins count its 29,300 adults.
    const shipped = await request(t.app).get(PANEL).set("Cookie", cookie);
    expect(shipped.text).toContain("Per una popolazione di 29.300 persone");
    expect(base(shipped.text)).toBe("379");
    // A comune of 1,000 adults (each margin scaled to add up to 1,000): Krejcie and Morgan's 278.
    saveStoredMargins(t.db, {
      surveyId: "cittadini",
      name: "piccolo.csv",
      csv: scaledMargins(readFileSync(SHIPPED_MARGINS, "utf8"), 1000),
      illustrative: true,
      source: "test",
      uploadedAt: NOW.toISOString(),
      uploadedBy: "test",
    });
    try {
      const small = await request(t.app).get(PANEL).set("Cookie", cookie);
      expect(small.status).toBe(200);
      expect(small.text).toContain("Per una popolazione di 1.000 persone");
      expect(base(small.text)).toBe("278");
    } finally {
      deleteStoredMargins(t.db, "cittadini");
    }
  });

  it("is refused to the giunta; the staff survey shows the days without a census comparison", async () => {
    const giunta = await signIn(t.app, "giunta");
    expect((await request(t.app).get(PANEL).set("Cookie", giunta.cookie)).status).toBe(403);
    const { cookie } = await signIn(t.app, "admin");
    const staff = await request(t.app).get("/admin/questionari/personale/campione").set("Cookie", cookie);
    expect(staff.status).toBe(200);
    expect(staff.text).toContain("Questo questionario non ha domande di ponderazione");
    expect(staff.text).toContain('id="per-day"');
  });

  it("is linked from the survey page", async () => {
    const { cookie } = await signIn(t.app, "analyst");
    const page = await request(t.app).get("/admin/questionari/cittadini").set("Cookie", cookie);
    expect(page.text).toContain(`href="${PANEL}"`);
    expect(page.text).not.toContain("impostazioni-rapporto");
  });
});

describe("open data over HTTP", () => {
  it("gives the giunta the CSV of suppressed aggregates and its dictionary", async () => {
    const { cookie } = await signIn(t.app, "giunta");
    const csv = await request(t.app).get("/reports/cittadini/opendata.csv").set("Cookie", cookie);
    expect(csv.status).toBe(200);
    expect(csv.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(csv.headers["content-disposition"]).toContain("cittadini-opendata.csv");
    const rows = Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ""), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const chalet = rows.find((r) => r.item === "quartiere" && r.category === "chalet_laghetto")!;
    // A group of 1 to 4 people is withheld, or published as 0 or as 5 to 7 when its cell-key noise takes
    // it there (a published figure may hide a small count: that is the protection); never as 1 to 4.
    if (chalet.count === "") expect(chalet).toMatchObject({ estimate: "", suppressed: "1" });
    else expect([0, 5, 6, 7]).toContain(Number(chalet.count));
    expect(rows.filter((r) => r.count !== "" && Number(r.count) > 0 && Number(r.count) < 5)).toEqual([]);
    expect(rows.some((r) => r.section === "graduatoria")).toBe(true);

    const dictionary = await request(t.app).get("/reports/cittadini/opendata-dizionario.csv").set("Cookie", cookie);
    expect(dictionary.status).toBe(200);
    expect(dictionary.text).toContain("CC BY 4.0");
    expect(dictionary.text).toContain("(dati_simulati),sì: i dati sono simulati");
  });

  it("answers 404 for a survey without a report", async () => {
    const { cookie } = await signIn(t.app, "giunta");
    expect((await request(t.app).get("/reports/personale/opendata.csv").set("Cookie", cookie)).status).toBe(404);
    expect((await request(t.app).get("/reports/nessuno/opendata-dizionario.csv").set("Cookie", cookie)).status).toBe(
      404,
    );
  });
});

/** The margins CSV with every variable's populations scaled to add up to exactly `total` (largest remainders). */
function scaledMargins(csv: string, total: number): string {
  const rows = Papa.parse<{ variable: string; category: string; population: string }>(csv, {
    header: true,
    skipEmptyLines: true,
  }).data;
  const out: string[] = ["variable,category,population"];
  for (const variable of new Set(rows.map((r) => r.variable))) {
    const own = rows.filter((r) => r.variable === variable);
    const sum = own.reduce((s, r) => s + Number(r.population), 0);
    const exact = own.map((r) => (Number(r.population) * total) / sum);
    const whole = exact.map(Math.floor);
    const order = exact.map((x, i) => [x - whole[i], i]).sort((a, b) => b[0] - a[0]);
    const short = total - whole.reduce((s, x) => s + x, 0);
    for (let k = 0; k < short; k++) whole[order[k][1]]++;
    own.forEach((r, i) => out.push(`${r.variable},${r.category},${whole[i]}`));
  }
  return out.join("\n") + "\n";
}
