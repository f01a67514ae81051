import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The production page assets (purged CSS, hashed names), built once for the whole run. */
    assetsDir: string;
  }
}

/**
 * Builds the page assets once, as `npm start` does, for the browser tests: they then render and check
 * (axe included) what a citizen's browser receives, and Chromium styles every page with the purged
 * stylesheet instead of the whole of Bootstrap Italia, which on 2 cores costs minutes over a run.
 */
export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), "sportello-test-assets-"));
  execFileSync(process.execPath, [join(import.meta.dirname, "../../scripts/build-assets.mjs"), dir], { stdio: "pipe" });
  project.provide("assetsDir", dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
