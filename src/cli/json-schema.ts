import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { catalogueSchema, surveySchema } from "../surveys/schema.js";

/** The JSON Schemas beside the definitions, so editors can complete and check them as they are typed. */
export function jsonSchemas(): Record<string, unknown> {
  return {
    "survey.schema.json": z.toJSONSchema(surveySchema, { io: "input", unrepresentable: "any" }),
    "catalogue.schema.json": z.toJSONSchema(catalogueSchema, { io: "input", unrepresentable: "any" }),
  };
}

export function writeJsonSchemas(dir: string): string[] {
  const schemas = jsonSchemas();
  for (const [file, schema] of Object.entries(schemas))
    writeFileSync(join(dir, file), `${JSON.stringify(schema, null, 2)}\n`);
  return Object.keys(schemas);
}
