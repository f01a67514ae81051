import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDefinitions } from "../../src/surveys/loader.js";

const ROOT = join(import.meta.dirname, "../..");
/** The content hash of every version of the shipped questionnaires that has been released. */
const RELEASED: Record<string, Record<string, string>> = JSON.parse(
  readFileSync(join(ROOT, "tests/fixtures/shipped-versions.json"), "utf8"),
);

// An installation that ran version N refuses to start when the file changes under the same N (a published
// version never changes meaning). This catches such an edit here, before it reaches a comune.
describe("shipped questionnaires", () => {
  const { surveys } = loadDefinitions(join(ROOT, "surveys"));

  it.each([...surveys.keys()])("%s: a released version keeps its content; a changed file raises the version", (id) => {
    const survey = surveys.get(id)!;
    const version = String(survey.definition.version);
    const released = RELEASED[id] ?? {};
    expect(
      released[version],
      `surveys/${id}.json version ${version} is not in tests/fixtures/shipped-versions.json: if the content changed, raise the version; then add its hash (${survey.hash})`,
    ).toBeDefined();
    expect(
      survey.hash,
      `surveys/${id}.json changed under version ${version}: raise "version" and add the new hash`,
    ).toBe(released[version]);
  });
});
