import { z } from "zod";
import { isCalendarDay, romeEndOfDay, romeMidnight } from "../../admin/dates.js";
import type { ResponseFilter } from "../../responses/records.js";
import { CHANNELS, channelLabelsIt, type Channel } from "../../surveys/vocabulary.js";

export const CHANNEL_LABELS: Record<Channel, string> = channelLabelsIt();

/** The filter fields as typed, to fill the form again. */
export interface FilterValues {
  canale: string;
  dal: string;
  al: string;
  simulati: string;
}

const day = z.string().trim().refine((s) => s === "" || isCalendarDay(s), { message: "Scriva una data nel formato aaaa-mm-gg, ad esempio 2026-03-31." });
const querySchema = z.object({
  canale: z.union([z.enum(CHANNELS), z.literal("")], { message: "Scelga un canale dall'elenco." }).default(""),
  dal: day.default(""),
  al: day.default(""),
  simulati: z.enum(["", "si", "no"], { message: "Scelga un valore dall'elenco." }).default(""),
});

/**
 * The filters of the responses browser and of the export, from the query string: the same
 * names in both, so a filtered list can be exported as it is. Days are Italian calendar days.
 */
export function parseFilter(surveyId: string, query: unknown): { filter: ResponseFilter; values: FilterValues; errors: Record<string, string> } {
  const raw = (query ?? {}) as Record<string, unknown>;
  const text = (key: string): string => (typeof raw[key] === "string" ? raw[key] : "");
  const values: FilterValues = { canale: text("canale"), dal: text("dal"), al: text("al"), simulati: text("simulati") };
  const parsed = querySchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([k]) => k in values).map(([k, v]) => [k, typeof v === "string" ? v : "?"])));
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { filter: { surveyId }, values, errors };
  }
  const f = parsed.data;
  if (f.dal && f.al && f.al < f.dal) return { filter: { surveyId }, values, errors: { al: "La data finale viene prima di quella iniziale." } };
  return {
    filter: {
      surveyId,
      channel: f.canale || undefined,
      since: f.dal ? romeMidnight(f.dal) : undefined,
      before: f.al ? romeEndOfDay(f.al) : undefined,
      synthetic: f.simulati === "" ? undefined : f.simulati === "si",
    },
    values,
    errors: {},
  };
}

/** The query string of a filter, for links (pages, export) that keep it. */
export function filterQuery(values: FilterValues): string {
  const params = new URLSearchParams();
  for (const key of Object.keys(values) as (keyof FilterValues)[]) if (values[key]) params.set(key, values[key]);
  return params.toString();
}
