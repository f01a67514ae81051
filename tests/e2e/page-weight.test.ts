import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import request from "supertest";
import { afterAll, beforeAll, expect, it } from "vitest";
import { publishSurveys } from "../../src/storage/sqlite-surveys.js";
import { createApp } from "../../src/app.js";
import { openDatabase } from "../../src/db/client.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { createRegistry } from "../../src/surveys/registry.js";
import { TEST_CONFIG, SHIPPED_SURVEYS } from "../helpers/app.js";
import { expectAccessible } from "../helpers/axe.js";
import { describeBrowser, launchChromium, listen } from "../helpers/browser.js";

const ROOT = join(import.meta.dirname, "../..");
const LIMIT = 150 * 1024;

describeBrowser(
  "page weight with the production assets (purged CSS, Latin woff2 fonts, hashed names, compression)",
  () => {
    const assetsDir = mkdtempSync(join(tmpdir(), "sportello-assets-"));
    let app: ReturnType<typeof createApp>;
    let server: Server;
    let origin = "";
    let browser: Browser;

    beforeAll(async () => {
      execFileSync(process.execPath, ["scripts/build-assets.mjs"], {
        cwd: ROOT,
        env: { ...process.env, ASSETS_OUT: assetsDir },
        stdio: "pipe",
      });
      const db = openDatabase(":memory:");
      const surveys = [...loadDefinitions(SHIPPED_SURVEYS).surveys.values()];
      publishSurveys(db, surveys);
      app = createApp({ db, registry: createRegistry(surveys), config: TEST_CONFIG, assetsDir });
      ({ server, origin } = await listen(app));
      browser = await launchChromium();
    });
    afterAll(async () => {
      await browser?.close();
      server?.close();
      rmSync(assetsDir, { recursive: true, force: true });
    });

    it(`the first visit to /s/cittadini transfers at most ${LIMIT / 1024} KB, all of it compressed or fonts`, async () => {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      const transferred = new Map<string, number>();
      const urls = new Map<string, { url: string; encoding: string; type: string; length: number }>();
      cdp.on("Network.responseReceived", (e) => {
        const headers = Object.fromEntries(
          Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
        );
        urls.set(e.requestId, {
          url: e.response.url,
          encoding: headers["content-encoding"] ?? "",
          type: headers["content-type"] ?? "",
          length: Number(headers["content-length"] ?? NaN),
        });
      });
      cdp.on("Network.loadingFinished", (e) => transferred.set(e.requestId, e.encodedDataLength));
      await page.goto(`${origin}/s/cittadini`, { waitUntil: "networkidle" });
      await page.evaluate(() => document.fonts.ready);
      const total = [...transferred.values()].reduce((a, b) => a + b, 0);
      const listing = [...transferred].map(([id, bytes]) => `${urls.get(id)?.url} ${bytes}`).join("\n");
      expect(total, `bytes transferred:\n${listing}`).toBeLessThanOrEqual(LIMIT);
      expect(transferred.size).toBeGreaterThanOrEqual(4);
      for (const { url, encoding, type, length } of urls.values()) {
        // Under 1 KB the compression middleware sends a body as it is (not worth it); above, always compressed.
        if (/text\/|javascript|css/.test(type) && encoding === "")
          expect(length, `${url} sent uncompressed`).toBeLessThanOrEqual(1024);
        expect(url, "only hashed assets, nothing from /static/").not.toContain("/static/");
      }
      // The purged style sheet still draws an accessible page (contrast, focus, layout).
      await expectAccessible(page, "questionnaire with the production assets");
      await context.close();
    });

    it("serves the assets under hashed names cached for a year, and nothing else from the packages", async () => {
      const html = (await request(app).get("/s/cittadini")).text;
      const css = /href="(\/assets\/bootstrap-italia\/css\/bootstrap-italia\.min\.[0-9a-f]{10}\.css)"/.exec(html)?.[1];
      expect(css).toBeDefined();
      const res = await request(app).get(css!);
      expect(res.status).toBe(200);
      expect(res.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(res.text.length).toBeLessThan(120 * 1024);
      expect(res.text).not.toContain("@font-face");
      for (const path of [
        "/static/bootstrap-italia/css/bootstrap-italia.min.css",
        "/static/bootstrap-italia/js/bootstrap-italia.bundle.min.js",
        "/static/css/sportello.css",
        "/assets/manifest.json/../../package.json",
      ]) {
        expect((await request(app).get(path)).status, path).toBe(404);
      }
    });
  },
);
