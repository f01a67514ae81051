import type { Server } from "node:http";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SESSION_COOKIE } from "../../src/web/common/session.js";
import { productionAssets } from "../helpers/app.js";
import { CONTEXT_DEFAULTS, describeBrowser, launchChromium, listen } from "../helpers/browser.js";
import { buildHostileWorld, type HostileWorld } from "../helpers/hostile-world.js";

/**
 * Every page that shows survey texts, answers, "other" fields, imported rows, names and file
 * names, opened in Chromium with payloads everywhere: none may run (each would set
 * window.__xss or open a dialog). With the CSP switched off, so that escaping alone is shown to
 * hold: a Content-Security-Policy only ever stops scripts, so what cannot run without it cannot run
 * as served either (the policy itself is checked in tests/http/web-security.test.ts).
 */
describeBrowser("XSS payloads in a real browser", () => {
  let world: HostileWorld;
  let server: Server;
  let origin = "";
  let browser: Browser;

  beforeAll(async () => {
    world = await buildHostileWorld(productionAssets());
    ({ server, origin } = await listen(world.t.app));
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    server?.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    world?.t.db.$client.close();
  });

  it("no payload runs on any page, even with the CSP switched off (escaping alone)", async () => {
    const context = await browser.newContext({ ...CONTEXT_DEFAULTS, bypassCSP: true });
    await context.addCookies([{ name: SESSION_COOKIE, value: world.admin.cookie.split("=")[1], url: origin }]);
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(`${page.url()}: ${d.message()}`);
      void d.dismiss();
    });
    const ran: string[] = [];
    let visited = 0;
    for (const { path } of world.pages()) {
      const response = await page.goto(origin + path, { waitUntil: "load" }).catch(() => null);
      // Downloads (CSV) do not render a page.
      if (!response || !/html/.test(response.headers()["content-type"] ?? "")) continue;
      visited++;
      await page.waitForTimeout(20);
      const hit = await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss);
      if (hit !== undefined) ran.push(path);
      const jsLinks = await page
        .locator('a[href^="javascript:" i], [src^="javascript:" i], form[action^="javascript:" i]')
        .count();
      if (jsLinks) ran.push(`${path}: ${jsLinks} javascript: URL(s)`);
    }
    await context.close();
    expect(ran).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(visited).toBeGreaterThan(40);
  });
});
