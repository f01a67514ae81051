import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KINDS, QUESTION_KINDS } from "../../../src/surveys/kinds/index.js";
import { questionSchema } from "../../../src/surveys/schema.js";

const ROOT = join(import.meta.dirname, "../../..");
const schemaTypes = questionSchema.options.map((o) => o.shape.type.value).sort();
/** Partials the kinds share, not kinds themselves. */
const SHARED_PARTIALS = ["other.ejs"];

describe("the registry of question kinds", () => {
  it("has a kind for every question type of the definition schema, and nothing else", () => {
    expect([...QUESTION_KINDS].sort()).toEqual(schemaTypes);
  });

  it("has a partial views/kinds/<type>.ejs for every kind, drawing it in the form and on paper", () => {
    for (const type of QUESTION_KINDS)
      expect(existsSync(join(ROOT, "views/kinds", `${type}.ejs`)), `views/kinds/${type}.ejs`).toBe(true);
  });

  it("has no partial without a kind", () => {
    const partials = readdirSync(join(ROOT, "views/kinds")).filter((f) => !SHARED_PARTIALS.includes(f));
    expect(partials.map((f) => f.replace(/\.ejs$/, "")).sort()).toEqual([...QUESTION_KINDS].sort());
  });

  it("has a test file tests/surveys/kinds/<type>.test.ts for every kind", () => {
    for (const type of QUESTION_KINDS)
      expect(existsSync(join(import.meta.dirname, `${type}.test.ts`)), `${type}.test.ts`).toBe(true);
  });

  it("says how a condition is written on each kind: by choices only for kinds with choices", () => {
    const byChoices = QUESTION_KINDS.filter((type) => KINDS[type].condition === "choice");
    expect(byChoices.length).toBeGreaterThan(0);
    for (const type of byChoices) {
      const shape = questionSchema.options.find((o) => o.shape.type.value === type)!.shape as Record<string, unknown>;
      expect(Object.keys(shape), type).toContain("choices");
    }
  });

  it("names every kind for messages and the designer, and lists its own fields", () => {
    for (const type of QUESTION_KINDS) {
      const kind = KINDS[type];
      expect(kind.names.every((n) => n.length > 0)).toBe(true);
      expect(kind.designer.label.length).toBeGreaterThan(0);
      const shape = questionSchema.options.find((o) => o.shape.type.value === type)!.shape as Record<string, unknown>;
      for (const field of kind.designer.fields) expect(Object.keys(shape), `${type}.${field}`).toContain(field);
    }
  });
});
