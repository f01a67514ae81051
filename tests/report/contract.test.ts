import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { REPORT_SECTIONS } from "../../src/report/sections.js";
import { reportOf, syntheticSample } from "./fixtures.js";

/** Fields whose keys are data (question ids, service codes, areas, choices…), not names of the contract. */
const KEYED_BY_DATA = [
  /^questions$/,
  /^questions\.[^.]+\.categories$/,
  /^responses\.byChannel$/,
  /^filters\.groups$/,
  /^disclosure\.reasons$/,
  /^settings\.criteriaWeights$/,
  /^ranking\[\]\.(criteria|raw)$/,
  /^excluded\[\]\.(criteria|raw)$/,
  /^sensitivity\[\]\.weights$/,
  /^staff\.byArea$/,
  /^staff\.services$/,
  /^staff\.services\.[^.]+\.feasibility$/,
  /^staff\.training\.overall$/,
  /^staff\.training\.byArea(\.[^.]+)?$/,
];

/** Every field name of the JSON a report publishes, by path, with the keys that are data left out. */
function fieldPaths(value: unknown, path = "", out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) value.forEach((x) => fieldPaths(x, `${path}[]`, out));
  else if (value && typeof value === "object") {
    const keyed = KEYED_BY_DATA.some((re) => re.test(path));
    for (const [k, x] of Object.entries(value)) {
      const child = path ? `${path}.${keyed ? "*" : k}` : k;
      if (!keyed) out.set(child, k);
      fieldPaths(x, child, out);
    }
  }
  return out;
}

describe("the report contract (src/report/contract.ts)", () => {
  const declared = new Set(
    [...readFileSync("src/report/contract.ts", "utf8").matchAll(/(?:^|[{;,])\s*(\w+)\??:\s/gm)].map((m) => m[1]),
  );

  it("declares every field a report publishes, with its documentation beside it", () => {
    const report = reportOf(syntheticSample(200, 30, 4));
    const fields = fieldPaths(JSON.parse(JSON.stringify(report)));
    expect(fields.size).toBeGreaterThan(100);
    expect([...fields].filter(([, name]) => !declared.has(name)).map(([path]) => path)).toEqual([]);
  });

  it("one list of sections, in the order of the page, with unique anchors", () => {
    const ids = REPORT_SECTIONS.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe("sintesi");
    expect(REPORT_SECTIONS.filter((s) => s.whenTooFew).map((s) => s.id)).toEqual(["sintesi", "avvertenze", "metodo"]);
  });
});
