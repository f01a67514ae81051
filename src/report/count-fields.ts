/**
 * Part of the report contract (docs/disclosure-policy.md): which fields of the report JSON are counts
 * of people. Every such field is a protected count (cell-key perturbation) or null when withheld. The
 * disclosure tests walk the report with these names, so a new count field must be named here.
 */

/** Field names whose number is a count of people, wherever they appear. */
export const COUNT_FIELDS: ReadonlySet<string> = new Set([
  "count",
  "base",
  "n",
  "users",
  "sampleCount",
  "answered",
  "none",
  "basic",
  "inDepth",
  "total",
  "used",
  "staff",
  "importanceN",
  "satisfactionN",
  "excluded",
  "untimed",
  "fractionalUnits",
  "respondents",
]);

/** Objects whose every value is a count of people (channel → count, macro-area → count). */
export const COUNT_MAPS: ReadonlySet<string> = new Set(["byChannel", "byArea"]);

/** Every count in a report-shaped value, as JSON path → number (null: withheld). */
export function countsOf(value: unknown, path = "", inMap = false): Map<string, number | null> {
  const out = new Map<string, number | null>();
  const walk = (v: unknown, p: string, map: boolean, key: string): void => {
    if (Array.isArray(v)) {
      // Entries named by what they are (a service, a census group), so the same cell has the same path in every view.
      v.forEach((x, i) => walk(x, `${p}[${entryName(x) ?? i}]`, false, String(i)));
      return;
    }
    if (v !== null && typeof v === "object") {
      for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k, COUNT_MAPS.has(k), k);
      return;
    }
    if ((map || COUNT_FIELDS.has(key)) && (typeof v === "number" || v === null)) out.set(p, v);
  };
  walk(value, path, inMap, "");
  return out;
}

function entryName(x: unknown): string | null {
  if (x === null || typeof x !== "object") return null;
  const o = x as Record<string, unknown>;
  if (typeof o.service === "string") return o.service;
  if (typeof o.variable === "string" && typeof o.category === "string") return `${o.variable}=${o.category}`;
  return null;
}
