import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Report } from "../../src/report/contract.js";
import { reportJobFor } from "../../src/report/load.js";
import { runReportJob } from "../../src/storage/sqlite-report-inputs.js";
import { createTestApp, productionAssets, SHIPPED_MARGINS, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { CONTEXT_DEFAULTS, describeBrowser, launchChromium, listen, signIn } from "../helpers/browser.js";
import { reportApp } from "../helpers/report-pages.js";

const PDFTOTEXT = "/usr/bin/pdftotext";

describeBrowser("the giunta reads the report, filters it and prints it", () => {
  let t: TestApp;
  let server: Server;
  let origin = "";
  let browser: Browser;
  let report: Report;
  const dir = mkdtempSync(join(tmpdir(), "report-e2e-"));

  beforeAll(async () => {
    t = await reportApp(300, 40, 21, createTestApp(SHIPPED_SURVEYS, ":memory:", productionAssets()));
    report = runReportJob(t.db, reportJobFor(t.registry, "cittadini", { marginsFile: SHIPPED_MARGINS })).report;
    ({ server, origin } = await listen(t.app));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    t?.db.$client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const serviceName = (code: string) =>
    t.registry.current("cittadini")!.catalogue!.services.find((s) => s.code === code)!.name.it;

  async function signedIn(javaScriptEnabled = true): Promise<Page> {
    const context = await browser.newContext({ ...CONTEXT_DEFAULTS, javaScriptEnabled });
    const page = await context.newPage();
    await signIn(page, origin, "giunta");
    return page;
  }

  it("signs in, reads the answer and the charts, switches a filter and prints the report to PDF", async () => {
    const page = await signedIn();
    await page.getByRole("link", { name: /^Rapporto: / }).click();
    await page.waitForURL(/\/reports\/cittadini$/);
    const top = report.ranking.slice(0, 5).map((r) => serviceName(r.service));
    expect(await page.locator(".top-services .svc-name").allTextContents()).toEqual(top);
    // chart.js drew the coverage curve; the importance–performance chart is SVG from the server; their tables stay on the page.
    await expect.poll(() => page.locator('[data-chart="coverage"]').isVisible()).toBe(true);
    expect((await page.locator('[data-chart="coverage"] canvas').boundingBox())!.height).toBeGreaterThan(100);
    expect((await page.locator('[data-chart="ipa"] svg').first().boundingBox())!.height).toBeGreaterThan(100);
    for (const table of ["#tabella-ipa", "#tabella-copertura", "#tabella-classifica"])
      expect(await page.locator(table).isVisible()).toBe(true);
    expect(await page.getByRole("button", { name: "Stampa o salva in PDF" }).isVisible()).toBe(true);
    // axe audits these pages and the offline file, charts drawn, at both widths in report-glance.test.ts.

    await page.getByLabel("Quartiere").selectOption("mombello");
    await page.getByRole("button", { name: "Applica i filtri" }).click();
    await page.waitForURL(/quartiere=mombello/);
    await expect
      .poll(() => page.locator('[data-banner="filters"]').textContent())
      .toContain("Vista filtrata: Quartiere: Mombello");
    expect(await page.locator("#tabella-ipa").count()).toBe(1);

    // Printing: the print stylesheet applies; the PDF has the ranking and not the filter form.
    const filtered = runReportJob(
      t.db,
      reportJobFor(t.registry, "cittadini", {
        marginsFile: SHIPPED_MARGINS,
        filters: { groups: { quartiere: "mombello" } },
      }),
    ).report;
    const pdf = await page.pdf({ format: "A4" });
    const file = join(dir, "rapporto.pdf");
    writeFileSync(file, pdf);
    expect(existsSync(PDFTOTEXT), "no pdftotext: install poppler-utils (apt-get install -y poppler-utils)").toBe(true);
    const text = execFileSync(PDFTOTEXT, ["-layout", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Classifica dei servizi");
    expect(text).toContain("Servizi ammessi, in ordine di punteggio");
    expect(text).toContain(serviceName(filtered.ranking[0].service));
    expect(text).toContain("Lo Sportello consigliato");
    expect(text).toContain("Vista filtrata: Quartiere: Mombello");
    expect(text).toContain("dati simulati");
    expect(text).toContain("Dati del grafico importanza–soddisfazione");
    // The best–worst scores are printed too, table and chart.
    expect(text).toContain("Importanza dei servizi secondo i cittadini");
    expect(text).toContain("Punteggio «più importante meno meno importante» per servizio");
    expect(text).not.toContain("Applica i filtri");
    expect(text).not.toContain("Stampa o salva in PDF");
    // The offline file, opened as a page: accessible too, and with no script.
    const offline = await page.request.get(`${origin}/reports/cittadini/rapporto.html`);
    expect(offline.headers()["content-disposition"]).toMatch(/^attachment;/);
    const view = await page.context().newPage();
    await view.setContent(await offline.text());
    expect(await view.locator("script").count()).toBe(0);
    expect(await view.locator("svg.chart-svg").count()).toBe(4);
    // A4 portrait: 595 × 842 points.
    expect(execFileSync("/usr/bin/pdfinfo", [file], { encoding: "utf8" })).toMatch(
      /Page size:\s+595\.\d* x 841\.\d*|Page size:\s+595\.\d* x 842/,
    );
  });

  it("without JavaScript the tables are the content and the page says how to print", async () => {
    const page = await signedIn(false);
    await page.goto(`${origin}/reports/cittadini?eta=45_64`);
    expect(await page.locator("#tabella-ipa").isVisible()).toBe(true);
    expect(await page.locator("#tabella-copertura").isVisible()).toBe(true);
    expect(await page.locator('[data-chart="coverage"]').isVisible()).toBe(false);
    expect(await page.locator('[data-chart="ipa"] svg').first().isVisible()).toBe(true);
    expect(await page.locator(".print-hint").textContent()).toContain("usi il comando Stampa del browser");
    // (axe itself runs as a script, so it audits the pages with JavaScript: report-glance.test.ts.)
  });
});
