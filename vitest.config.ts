import { defineConfig } from "vitest/config";

/**
 * Four projects, run together by `npm test` and one at a time by `npm run test:<name>`:
 * - unit: the pure modules and the services over an in-memory SQLite;
 * - storage: both engines (a real PostgreSQL), the command line, R and PSPP;
 * - browser: Chromium on the production page assets;
 * - http: everything else (real HTTP, processes); a new test folder lands here;
 * - http-mocking: the few files that replace a module with vi.mock (MOCKING), run by test:http too.
 * The unit, storage and http files share their workers' module graph (isolate: false): importing the
 * app again for each file was two thirds of the unit time and 90 of the http project's 330 seconds,
 * and none of them keeps state in a module between files (each opens its own database and app; a
 * spy is restored by the test that made it). A vi.mock needs a fresh graph, hence its own project
 * (tests/architecture/test-projects.test.ts fails on a mocking file not listed). The browser files
 * keep a fresh graph each.
 */
const UNIT = ["analysis", "surveys", "format", "report", "responses", "web", "db", "demo", "architecture"];
const STORAGE = ["storage", "interchange"];
const BROWSER = ["e2e"];
/** Files that replace a module with vi.mock: only a fresh module graph lets the mock take effect. */
export const MOCKING = ["tests/http/submit-validated-once.test.ts"];
const folders = (names: string[]): string[] => names.map((name) => `tests/${name}/**/*.test.ts`);

export default defineConfig({
  test: {
    setupFiles: ["tests/setup/every-test-asserts.ts"],
    // Both cores: the browser and HTTP files wait on I/O much of the time.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: "unit", include: folders(UNIT), isolate: false } },
      { extends: true, test: { name: "storage", include: folders(STORAGE), isolate: false } },
      {
        extends: true,
        test: {
          name: "browser",
          include: folders(BROWSER),
          // A budget against a hang, not a speed limit: one test visits dozens of pages with axe and, with
          // two suites side by side on 2 cores, took over 120 s. Each Playwright action keeps its own 30 s.
          testTimeout: 600_000,
          hookTimeout: 600_000,
          // The production page assets, built once for the browser files (tests/setup/production-assets.ts).
          globalSetup: ["tests/setup/production-assets.ts"],
        },
      },
      {
        extends: true,
        test: {
          name: "http",
          include: ["tests/**/*.test.ts"],
          exclude: [...folders([...UNIT, ...STORAGE, ...BROWSER]), ...MOCKING],
          isolate: false,
        },
      },
      { extends: true, test: { name: "http-mocking", include: MOCKING } },
    ],
  },
});
