import type { Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestApp, productionAssets, SHIPPED_SURVEYS, type TestApp } from "../helpers/app.js";
import { CONTEXT_DEFAULTS, describeBrowser, launchChromium, listen, signIn } from "../helpers/browser.js";
import { reportApp } from "../helpers/report-pages.js";

describeBrowser("«dato non pubblicato» in the report page", () => {
  let t: TestApp;
  let server: Server;
  let origin = "";
  let browser: Browser;

  beforeAll(async () => {
    // A small sample: many withheld values.
    t = await reportApp(60, 12, 4, createTestApp(SHIPPED_SURVEYS, ":memory:", productionAssets()));
    ({ server, origin } = await listen(t.app));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    t?.db.$client.close();
  });

  it("says «dato non pubblicato» and shows the reason on keyboard focus and on hover", async () => {
    const context = await browser.newContext(CONTEXT_DEFAULTS);
    const page = await context.newPage();
    await signIn(page, origin, "giunta");
    await page.goto(`${origin}/reports/cittadini`);
    const withheld = page.locator(".withheld");
    expect(await withheld.count()).toBeGreaterThan(5);
    const first = withheld.first();
    const reason = first.locator(".withheld-reason");
    // Hidden to the eye until focus or hover, but in the text a screen reader reads.
    expect((await reason.boundingBox())?.width ?? 0).toBeLessThanOrEqual(1);
    expect(await first.textContent()).toMatch(/^dato non pubblicato.+/);
    await first.focus();
    expect((await reason.boundingBox())?.width ?? 0).toBeGreaterThan(100);
    await page.locator("h1").focus();
    await first.hover();
    expect((await reason.boundingBox())?.width ?? 0).toBeGreaterThan(100);
    await context.close();
  });
});
