// `npx tsx scripts/screenshots.ts`: the screenshots of docs/guida-amministratore.md, taken with Debian's
// Chromium (CHROMIUM_PATH) on a fresh demo database of synthetic answers in a temporary folder.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { demoConfig, prepareDemo } from "../src/cli/demo-setup.js";
import { startServer } from "../src/server.js";

const OUT = join(import.meta.dirname, "../docs/img");
const dir = mkdtempSync(join(tmpdir(), "sportello-shots-"));
const config = demoConfig({
  ...process.env,
  DEMO_DATABASE_PATH: join(dir, "demo.db"),
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "warn",
});
const accounts = await prepareDemo(config, { citizens: 400, staff: 40 });
const admin = accounts.find((a) => a.role === "admin")!;

startServer(
  config,
  (running) =>
    void (async () => {
      const base = `http://127.0.0.1:${(running.server.address() as AddressInfo).port}`;
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
        args: [
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      });
      try {
        mkdirSync(OUT, { recursive: true });
        const context = await browser.newContext({ viewport: { width: 1200, height: 820 }, locale: "it-IT" });
        const page = await context.newPage();
        const shot = async (path: string, name: string): Promise<void> => {
          await page.goto(base + path, { waitUntil: "networkidle" });
          await page.screenshot({ path: join(OUT, `${name}.jpg`), type: "jpeg", quality: 70 });
          console.log(`docs/img/${name}.jpg ← ${path}`);
        };
        await shot("/s/cittadini", "questionario");
        await page.goto(`${base}/login`);
        await page.fill("#f-username", admin.username);
        await page.fill("#f-password", admin.password);
        await page.click("button[type=submit]");
        await page.waitForURL(/\/admin/);
        await shot("/admin/primi-passi", "primi-passi");
        await shot("/admin/ente", "ente");
        await shot("/admin", "amministrazione");
        await shot("/admin/questionari/cittadini", "questionario-raccolta");
        await shot("/admin/questionari/cittadini/margini", "margini");
        // The report is built in the background: ask once, wait for the build, then photograph it.
        await page.goto(`${base}/reports/cittadini`);
        await page.waitForTimeout(8000);
        await shot("/reports/cittadini", "rapporto");
        const phone = await browser.newContext({
          viewport: { width: 360, height: 740 },
          deviceScaleFactor: 2,
          isMobile: true,
          locale: "it-IT",
        });
        const mobile = await phone.newPage();
        await mobile.goto(`${base}/s/cittadini`, { waitUntil: "networkidle" });
        await mobile.screenshot({ path: join(OUT, "questionario-telefono.jpg"), type: "jpeg", quality: 70 });
        console.log("docs/img/questionario-telefono.jpg ← /s/cittadini (360 px)");
      } finally {
        await browser.close();
        running.server.close();
        running.db.$client.close();
        rmSync(dir, { recursive: true, force: true });
        process.exit(0);
      }
    })(),
);
