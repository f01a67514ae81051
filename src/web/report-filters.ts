import type { ReportFilters } from "../report/types.js";

const CHANNELS = new Set(["web", "kiosk", "paper", "import"]);
const VALUE = /^[a-z0-9][a-z0-9_]*$/;

/** `?quartiere=mombello&eta=65_74&canale=paper`: anything else in the query is ignored. */
export function parseFilters(query: Record<string, unknown>): ReportFilters {
  const groups: Record<string, string> = {};
  for (const variable of ["quartiere", "eta"]) {
    const value = query[variable];
    if (typeof value === "string" && VALUE.test(value)) groups[variable] = value;
  }
  const channel = typeof query.canale === "string" && CHANNELS.has(query.canale) ? query.canale : undefined;
  return channel ? { groups, channel } : { groups };
}
