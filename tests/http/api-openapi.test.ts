import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { PUBLIC_ROUTES } from "../../src/cli/routes-table.js";

describe("docs/api.openapi.yaml", () => {
  it("is OpenAPI 3 and describes exactly the API routes the app serves", () => {
    const doc = parse(readFileSync(join(import.meta.dirname, "../../docs/api.openapi.yaml"), "utf8")) as {
      openapi: string;
      servers: { url: string }[];
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toMatch(/^3\./);
    const base = doc.servers[0].url;
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${base}${path.replace(/\{(\w+)\}/g, ":$1")}`),
    );
    const served = Object.keys(PUBLIC_ROUTES).filter((k) => k.includes(" /api/"));
    expect(documented.sort()).toEqual(served.sort());
  });
});
