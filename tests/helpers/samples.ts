import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** Real files written by LimeSurvey and the XLSForm community, kept outside the repository (never copied in). */
export const SAMPLES_DIR = join(import.meta.dirname, "../../../shared/interchange-samples");

/**
 * The sample files of one kind. Where the folder is missing the tests that need it are skipped with
 * a warning, except in CI (`CI` set), where a missing folder fails the run.
 */
export function sampleFiles(kind: "lss" | "xlsform"): string[] {
  const dir = join(SAMPLES_DIR, kind);
  if (!existsSync(dir)) {
    if (process.env.CI) throw new Error(`The interchange samples are missing: ${dir} (CI needs them).`);
    console.warn(
      `⚠ Interchange samples not found at ${dir}: the tests on real LimeSurvey and XLSForm files are skipped. Put the shared folder beside the repository to run them.`,
    );
    return [];
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith(kind === "lss" ? ".lss" : ".xlsx"))
    .sort()
    .map((f) => join(dir, f));
}
