import type { PgDatabase } from "../../db/pg/client.js";
import { createThreadBuilder, workerEntry, type ReportBuilder } from "../../report/builders.js";
import type { ReportSource } from "../../report/service.js";
import { createPostgresReportInputs } from "./report-inputs.js";
import { createSharedReports } from "./report-results.js";

/**
 * Where the report service reads and builds when the server runs on PostgreSQL: the inputs it
 * compares at every view through the node's pool, the builds in a worker thread with a pool of its
 * own opened from the same connection string (a pool cannot cross to another thread), and the
 * finished reports every node shares (one node builds a view, all serve it).
 *
 *   createReportServiceOn(postgresReportSource(db, url), registry, { marginsFile })
 */
export function postgresReportSource(db: PgDatabase, url: string): ReportSource {
  return {
    inputs: createPostgresReportInputs(db),
    builder: createPostgresWorkerBuilder(url),
    shared: createSharedReports(db),
  };
}

export function createPostgresWorkerBuilder(url: string): ReportBuilder {
  return createThreadBuilder(workerEntry(import.meta.url, "report-worker"), { url });
}
