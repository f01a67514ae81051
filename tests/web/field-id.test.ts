import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fieldId } from "../../src/web/common/field-id.js";

const VIEWS = join(import.meta.dirname, "../../views");

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? templates(join(dir, e.name)) : e.name.endsWith(".ejs") ? [join(dir, e.name)] : [],
  );
}

describe("the id of a form control", () => {
  it("is f- and the field name with / . [ ] as -", () => {
    expect(fieldId("eta")).toBe("f-eta");
    expect(fieldId("soddisfazione/cie")).toBe("f-soddisfazione-cie");
    expect(fieldId("md/1/best")).toBe("f-md-1-best");
    expect(fieldId("choices[2].value")).toBe("f-choices-2--value");
  });

  it("has one rule: no template defines a fid helper of its own", () => {
    const own = templates(VIEWS).filter((f) => /function fid\s*\(|var fid\s*=/.test(readFileSync(f, "utf8")));
    expect(own).toEqual([]);
  });
});
