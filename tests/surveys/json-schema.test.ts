import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonSchemas } from "../../src/cli/json-schema.js";
import { SHIPPED_SURVEYS } from "../helpers/app.js";

describe("the JSON Schemas beside the definitions", () => {
  it("are the ones the current zod schema generates (run `npm run schema:json` after changing it)", () => {
    for (const [file, schema] of Object.entries(jsonSchemas())) {
      expect(JSON.parse(readFileSync(join(SHIPPED_SURVEYS, file), "utf8")), file).toEqual(schema);
    }
  });
});
