import { and, eq, gte, lt, type Column, type SQL } from "drizzle-orm";
import type { ResponseFilter } from "../responses/records.js";

/** The columns a filter reads, in either engine's responses table. */
export interface FilterColumns {
  surveyId: Column;
  channel: Column;
  submittedAt: Column;
  synthetic: Column;
}

/** The filter's condition on either engine's responses table (drizzle's operators are the same on both). */
export function matchingOn(table: FilterColumns, filter: ResponseFilter): SQL | undefined {
  return and(
    eq(table.surveyId, filter.surveyId),
    filter.channel ? eq(table.channel, filter.channel) : undefined,
    filter.since ? gte(table.submittedAt, filter.since) : undefined,
    filter.before ? lt(table.submittedAt, filter.before) : undefined,
    filter.synthetic === undefined ? undefined : eq(table.synthetic, filter.synthetic),
  );
}
