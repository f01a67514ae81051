import { eq } from "drizzle-orm";
import type { PgDatabase } from "../../db/pg/client.js";
import { reportResults } from "../../db/pg/schema.js";
import type { SharedReports } from "../../report/service.js";
import { buildExclusively } from "./build-lock.js";

/**
 * Finished reports in the database, so one app node builds a view and every node serves it; one
 * build of a view from the same data at a time, across nodes (an advisory lock, build-lock.ts).
 */
export function createSharedReports(db: PgDatabase): SharedReports {
  return {
    async find(viewKey) {
      const [row] = await db
        .select({ inputs: reportResults.inputs, report: reportResults.report })
        .from(reportResults)
        .where(eq(reportResults.viewKey, viewKey));
      return row;
    },
    async save(viewKey, inputs, report) {
      const builtAt = new Date().toISOString();
      await db
        .insert(reportResults)
        .values({ viewKey, inputs, report, builtAt })
        .onConflictDoUpdate({ target: reportResults.viewKey, set: { inputs, report, builtAt } });
    },
    exclusively: (viewKey, inputs, build) => buildExclusively(db, viewKey, inputs, build),
  };
}
