import { beforeAll, describe, expect, it } from "vitest";
import request from "supertest";
import type { Report } from "../../src/report/contract.js";
import type { TestApp } from "../helpers/app.js";
import { signIn } from "../helpers/auth.js";
import { reportApp, textOf } from "../helpers/report-pages.js";

function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  expect(start, `section #${id}`).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</section>", start));
}

let t: TestApp;
let giunta: { cookie: string };
let report: Report;
const SECTIONS = [
  "sintesi",
  "avvertenze",
  "perche",
  "classifica",
  "esclusi",
  "importanza-soddisfazione",
  "copertura",
  "certezza",
  "sensibilita",
  "personale",
  "servizi",
  "formazione",
  "campione",
  "qualita",
  "metodo",
];
/** The table of contents: the sections in the order a decision-maker asks (the answer is above it). */
const CONTENTS = ["avvertenze", "perche", "certezza", "personale", "campione", "metodo"];

beforeAll(async () => {
  t = await reportApp(300, 40, 21);
  giunta = await signIn(t.app, "giunta");
  report = (await request(t.app).get("/reports/cittadini.json").set("Cookie", giunta.cookie)).body as Report;
});

function names(codes: string[]): string[] {
  const catalogue = t.registry.current("cittadini")!.catalogue!;
  return codes.map((c) => catalogue.services.find((s) => s.code === c)!.name.it);
}

describe("GET /reports/:surveyId, the report page for the giunta", () => {
  it("answers the question on the first screen: the top services, how sure we are, the excluded ones, the sample", async () => {
    const res = await request(t.app).get("/reports/cittadini").set("Cookie", giunta.cookie);
    expect(res.status).toBe(200);
    const first = section(res.text, "sintesi");
    const items = [
      ...first.matchAll(
        /<li data-service="([a-z_]+)"><span class="svc-name">([^<]*)<\/span>\s*<span class="certainty[^"]*">([^<]*)<\/span>/g,
      ),
    ];
    expect(items.map((m) => m[1])).toEqual(report.ranking.slice(0, 5).map((r) => r.service));
    expect(items.map((m) => textOf(m[2]).trim())).toEqual(names(report.ranking.slice(0, 5).map((r) => r.service)));
    for (const [i, m] of items.entries()) {
      const p = Math.round(report.ranking[i].topK! * 100);
      expect(textOf(m[3])).toMatch(
        new RegExp(`^(quasi certo|probabile|incerto): tra i primi 5 nel ${p} % delle repliche$`),
      );
    }
    // Every excluded service whose score would put it among the first 5 has its own line, with the reason.
    const fifth = report.ranking[4].score;
    const wouldRank = report.excluded.filter((r) => r.score > fifth);
    expect(report.excluded.length).toBeGreaterThan(0);
    const lines = [
      ...first.matchAll(
        /<li data-service="([a-z_]+)"><span class="svc-name">[^<]*<\/span>\s*<span class="would-rank-reason">([^<]*)<\/span>/g,
      ),
    ];
    expect(lines.map((m) => m[1]).sort()).toEqual(wouldRank.map((r) => r.service).sort());
    for (const m of lines)
      expect(textOf(m[2])).toMatch(
        /^sarebbe [1-5]º; (operatore formato sufficiente: \d+ % del personale|per il personale serve uno specialista)$/,
      );
    expect(textOf(first)).toContain(`Tutti i ${report.excluded.length} esclusi`);
    // Published counts are the protected (perturbed) ones: 300 and 40 give or take the noise.
    expect(first).toContain(`<span data-count="${report.responses.used}">${report.responses.used}</span> cittadini`);
    expect(first).toContain(`<span data-count="${report.responses.staff}">${report.responses.staff}</span> dipendenti`);
    expect(Math.abs(report.responses.used! - 300)).toBeLessThanOrEqual(5);
    expect(first).toContain(`<span data-count="${Math.round(report.responses.effectiveN!)}">`);
    // The warnings in one line, with a link to the details.
    expect(textOf(first)).toMatch(/Attenzione: dati simulati · margini di popolazione illustrativi/);
    expect(first).toContain('<a href="#avvertenze">');
  });

  it("has the ranking table, every section in the table of contents, and Italian numbers", async () => {
    const res = await request(t.app).get("/reports/cittadini").set("Cookie", giunta.cookie);
    for (const id of SECTIONS) section(res.text, id);
    for (const id of CONTENTS) expect(res.text).toContain(`<a href="#${id}">`);
    const ranking = section(res.text, "classifica");
    expect(ranking.match(/<tr data-service=/g)).toHaveLength(report.ranking.length);
    expect(section(res.text, "esclusi").match(/<tr data-service=/g)).toHaveLength(report.excluded.length);
    // Criteria named in words in the table's head, not by letter.
    for (const name of [
      "Domanda",
      "Frammentazione",
      "Insoddisfazione",
      "Importanza",
      "Preferenza",
      "Criticità per il personale",
    ])
      expect(ranking).toContain(`<th scope="col" class="text-end">${name}</th>`);
    expect(ranking).not.toMatch(/<abbr[^>]*>[A-Z]<\/abbr>/);
    const first = report.ranking[0];
    expect(textOf(ranking)).toContain(`1º ${names([first.service])[0]} ${first.score.toFixed(2).replace(".", ",")}`);
    // Thousands with a dot, percentages with a comma and a space before the sign.
    expect(textOf(section(res.text, "campione"))).toMatch(/\b\d\.\d{3} \d+,\d %/);
    expect(textOf(section(res.text, "metodo"))).toContain("1.000 repliche bootstrap");
    expect(textOf(section(res.text, "metodo"))).toContain(
      "ricampionate separatamente per quartiere e quelle del personale separatamente per area",
    );
  });

  it("warns that the data are simulated and the margins illustrative", async () => {
    const res = await request(t.app).get("/reports/cittadini").set("Cookie", giunta.cookie);
    expect(res.text).toContain('data-banner="synthetic"');
    expect(res.text).toContain('data-banner="illustrative"');
    expect(textOf(res.text)).toContain("Margini illustrativi.");
    expect(res.text).not.toContain('data-banner="weighting"');
  });

  it("draws the charts from a JSON block and external scripts only, with the tables as content", async () => {
    const res = await request(t.app).get("/reports/cittadini").set("Cookie", giunta.cookie);
    const scripts = [...res.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    for (const [, attrs, body] of scripts)
      expect(/src="\/static\//.test(attrs) ? body : attrs).toMatch(/^$|type="application\/json"/);
    const data = JSON.parse(
      /<script type="application\/json" id="dati-grafici">([\s\S]*?)<\/script>/.exec(res.text)![1],
    );
    expect(data.coverage.k).toEqual(report.coverage.map((c) => c.k));
    expect(data.ipa.points.length).toBeGreaterThan(0);
    expect(res.text).toContain('<table class="table table-sm report-table chart-table" id="tabella-ipa">');
    expect(res.text).toContain('<table class="table table-sm report-table chart-table" id="tabella-copertura">');
    expect((await request(t.app).get("/static/chart.js/chart.umd.js")).status).toBe(200);
    expect((await request(t.app).get("/static/js/report-charts.js")).status).toBe(200);
    expect((await request(t.app).get("/static/css/report-print.css")).text).toContain("@media print");
  });

  it("filters by quartiere, age band and channel: the view says so and the numbers change", async () => {
    const res = await request(t.app).get("/reports/cittadini?quartiere=centro").set("Cookie", giunta.cookie);
    expect(res.status).toBe(200);
    expect(textOf(res.text)).toContain("Vista filtrata: Quartiere: Limbiate centro");
    expect(textOf(res.text)).toContain("i valori troppo piccoli non sono pubblicati");
    const filtered = (await request(t.app).get("/reports/cittadini.json?quartiere=centro").set("Cookie", giunta.cookie))
      .body as Report;
    expect(filtered.responses.used).toBeLessThan(300);
    expect(section(res.text, "sintesi")).toContain(`<span data-count="${filtered.responses.used}">`);
    expect(res.text).toMatch(/<option value="centro" selected>/);
    // The download links keep the view.
    expect(res.text).toContain("/reports/cittadini/rapporto.html?quartiere=centro");
    const age = await request(t.app).get("/reports/cittadini?eta=45_64").set("Cookie", giunta.cookie);
    expect(textOf(age.text)).toContain("Vista filtrata: Fascia d'età:");
  });

  it("is for the giunta, analysts and admins only; a survey without a report is 404", async () => {
    const operator = await signIn(t.app, "operator");
    expect((await request(t.app).get("/reports/cittadini").set("Cookie", operator.cookie)).status).toBe(403);
    expect((await request(t.app).get("/reports/cittadini/rapporto.html").set("Cookie", operator.cookie)).status).toBe(
      403,
    );
    expect((await request(t.app).get("/reports/cittadini")).status).toBe(303);
    expect((await request(t.app).get("/reports/personale").set("Cookie", giunta.cookie)).status).toBe(404);
    expect((await request(t.app).get("/reports/nessuno/rapporto.html").set("Cookie", giunta.cookie)).status).toBe(404);
  });

  it("is linked from the administration home and the survey page, not for operators", async () => {
    for (const path of ["/admin", "/admin/questionari/cittadini"]) {
      const page = await request(t.app).get(path).set("Cookie", giunta.cookie);
      expect(page.text, path).toContain('href="/reports/cittadini"');
      expect(page.text, path).not.toContain('href="/reports/personale"');
    }
    const operator = await signIn(t.app, "operator");
    expect(
      (await request(t.app).get("/admin/questionari/cittadini").set("Cookie", operator.cookie)).text,
    ).not.toContain('href="/reports/cittadini"');
  });
});

describe("the best–worst scores on the report page", () => {
  it("has a table of every service's score, interval, shares and respondents, highest first, matching the JSON, with its chart", async () => {
    const res = await request(t.app).get("/reports/cittadini").set("Cookie", giunta.cookie);
    const part = section(res.text, "importanza-best-worst");
    const bw = report.bestWorst!;
    const published = bw.services.filter((s) => s.score !== null).sort((a, b) => b.score! - a.score!);
    expect(published.length).toBeGreaterThan(20);
    const rows = [...part.matchAll(/<tr data-service="([a-z_]+)">([\s\S]*?)<\/tr>/g)];
    // Highest first (equal rounded scores in alphabetical order), the withheld after.
    const scoreOf = new Map(bw.services.map((s) => [s.service, s.score]));
    expect(rows.slice(0, published.length).map((m) => scoreOf.get(m[1]))).toEqual(published.map((s) => s.score));
    expect(
      rows
        .slice(0, published.length)
        .map((m) => m[1])
        .sort(),
    ).toEqual(published.map((s) => s.service).sort());
    expect(rows).toHaveLength(bw.services.length);
    for (const s of published.slice(0, 5)) {
      const cells = textOf(rows.find((m) => m[1] === s.service)![2]);
      const num = (v: number) => v.toFixed(2).replace(".", ",");
      expect(cells).toContain(`${num(s.score!)} ${num(s.low!)} – ${num(s.high!)}`);
      expect(cells).toContain(`${s.n}`);
      // Published figures are rounded: two decimals for the score.
      expect(s.score).toBe(Math.round(s.score! * 100) / 100);
    }
    expect(part).toMatch(/<svg [^>]*id="svg-best-worst"[^>]*role="img"/);
    expect(part.match(/<circle /g)).toHaveLength(published.length);
    expect(textOf(part)).toMatch(/va da −1 \(sempre il meno importante\) a 1 \(sempre il più importante\)/);
  });
});

describe("GET /reports/:surveyId/rapporto.html, the offline file", () => {
  it("is one self-contained file: styles inlined, charts as SVG with their tables, no script", async () => {
    const res = await request(t.app).get("/reports/cittadini/rapporto.html").set("Cookie", giunta.cookie);
    expect(res.status).toBe(200);
    expect(res.headers["content-disposition"]).toMatch(
      /^attachment; filename="rapporto-cittadini-\d{4}-\d{2}-\d{2}\.html"$/,
    );
    expect(res.text).not.toMatch(/<script/i);
    expect(res.text).not.toMatch(/<link /);
    expect(res.text).not.toContain("bootstrap-italia");
    expect(res.text).toContain("<style>");
    expect(res.text).toContain("@media print");
    expect(res.text.match(/<svg /g)).toHaveLength(4); // best–worst scores, importance–performance (wide and narrow) and coverage
    expect(res.text).toContain('id="tabella-best-worst"');
    expect(res.text).toContain('id="tabella-ipa"');
    expect(res.text).toContain('id="tabella-copertura"');
    const first = section(res.text, "sintesi");
    for (const r of report.ranking.slice(0, 5)) expect(first).toContain(`<li data-service="${r.service}">`);
    expect(res.text).toContain('data-banner="synthetic"');
    for (const id of SECTIONS) section(res.text, id);
  });

  it("keeps the filters of the page", async () => {
    const res = await request(t.app).get("/reports/cittadini/rapporto.html?eta=45_64").set("Cookie", giunta.cookie);
    expect(textOf(res.text)).toContain("Vista filtrata: Fascia d'età:");
  });
});
