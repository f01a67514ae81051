/**
 * Browser tests: playwright-core driving Debian's Chromium (never a downloaded browser),
 * against the real app served in-process on 127.0.0.1, with the production page assets.
 *
 *   describeBrowser("…", () => {
 *     const env = useBrowserApp();                   // browser + app, started and closed around the file
 *     const page = await env.newPage();              // or env.newPage({ javaScriptEnabled: false })
 *     await page.goto(env.url("/s/prova"));
 *   });
 *
 * Without a Chromium (CHROMIUM_PATH, else /usr/bin/chromium) the browser test files are skipped
 * with a warning, except when CI is set: there the run fails.
 */
import { existsSync } from "node:fs";
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe } from "vitest";
import { createTestApp, productionAssets, type TestApp } from "./app.js";
import { PASSWORD } from "./auth.js";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

const INSTALL_HINT =
  "install it with `apt-get install -y chromium` (Debian), or set CHROMIUM_PATH to a Chromium binary";
const found = existsSync(CHROMIUM_PATH);
const inCi = Boolean(process.env.CI);

if (!found && !inCi) {
  console.warn(`\n⚠  Browser tests SKIPPED: no Chromium at ${CHROMIUM_PATH}; ${INSTALL_HINT}.\n`);
}

/**
 * A describe block that runs only when a Chromium is available; in CI it always runs,
 * so that a missing browser fails (in useBrowserApp) instead of passing silently.
 */
export const describeBrowser = describe.skipIf(!found && !inCi);

/**
 * What every test's browser context starts from: an Italian browser that prefers reduced motion.
 * Bootstrap Italia scrolls smoothly otherwise, and Playwright waits for a button at the foot of a long
 * page to stop moving before it clicks: about a second a click on the questionnaire's grid pages.
 */
export const CONTEXT_DEFAULTS: BrowserContextOptions = { locale: "it-IT", reducedMotion: "reduce" };

export interface BrowserApp {
  readonly browser: Browser;
  readonly test: TestApp;
  /** Absolute URL on the in-process server. */
  url(path: string): string;
  /** A page in a fresh context (axe-core needs pages from a context, not browser.newPage()). */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Signs in through the login form, as a person would (labels, the «Accedi» button), and waits for
 * the administration's home. `origin` is the server's address (env.url("") for useBrowserApp).
 */
export async function signIn(page: Page, origin: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel("Nome utente").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Accedi" }).click();
  await page.waitForURL(/\/admin$/);
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: the browser tests need it; ${INSTALL_HINT}.`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

export async function listen(app: TestApp["app"]): Promise<{ server: Server; origin: string }> {
  return new Promise((resolve, reject) => {
    const server = app.listen(0, "127.0.0.1", (error?: Error) => {
      if (error) return reject(error);
      const { port } = server.address() as AddressInfo;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    });
  });
}

/**
 * Starts the app and the browser before the tests of the enclosing block and stops both after.
 * The app serves the fixture surveys, or the definitions of `surveysDir` (e.g. the shipped ones).
 */
export function useBrowserApp(surveysDir?: string): BrowserApp {
  let browser: Browser | undefined;
  let server: Server | undefined;
  let origin = "";
  let test: TestApp | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    test = createTestApp(surveysDir, ":memory:", productionAssets());
    ({ server, origin } = await listen(test.app));
    browser = await launchChromium();
  });

  // Each page's context is closed after its test: a file of many tests otherwise keeps dozens of renderer
  // processes alive (and their timers running) until its end, on a 2-core machine.
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    if (server) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server!.close(() => resolve()));
    }
    test?.db.$client.close();
  });

  return {
    get browser() {
      if (!browser) throw new Error("the browser is not started yet (use it inside a test)");
      return browser;
    },
    get test() {
      if (!test) throw new Error("the app is not started yet (use it inside a test)");
      return test;
    },
    url: (path) => origin + path,
    async newPage(options = {}) {
      if (!browser) throw new Error("the browser is not started yet (use it inside a test)");
      const context = await browser.newContext({ ...CONTEXT_DEFAULTS, ...options });
      contexts.push(context);
      return context.newPage();
    },
  };
}
