import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { MOCKING } from "../../vitest.config.js";

const ROOT = join(import.meta.dirname, "../..");

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith(".test.ts") ? [relative(ROOT, path)] : [];
  });
}

/** A module mock (not a spy) needs a fresh module graph; the shared-graph projects cannot give one. */
const MOCK_CALL = /\bvi\.(mock|doMock)\(/;

describe("the vitest projects (vitest.config.ts)", () => {
  it("every file that mocks a module runs in the isolated http-mocking project, and only those", () => {
    const mocking = testFiles(join(ROOT, "tests")).filter((file) =>
      MOCK_CALL.test(readFileSync(join(ROOT, file), "utf8")),
    );
    expect(mocking.length).toBeGreaterThan(0);
    expect([...MOCKING].sort()).toEqual(mocking.sort());
  });
});
