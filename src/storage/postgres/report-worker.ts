import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { parentPort, workerData } from "node:worker_threads";
import * as schema from "../../db/pg/schema.js";
import { runReportJobFrom, type ReportJob } from "../../report/job.js";
import { createPostgresReportInputs } from "./report-inputs.js";
import { buildsRepeatedly } from "../../report/helper-threads.js";

/**
 * The report worker on PostgreSQL: builds reports on a pool of its own (one connection: one build at
 * a time), so the web server's event loop never spends seconds on a report. The node that started it
 * has already applied the migrations. Started by src/storage/postgres/report-source.ts.
 */
const pool = new pg.Pool({ connectionString: (workerData as { url: string }).url, max: 1 });
const reader = createPostgresReportInputs(drizzle({ client: pool, schema }));
// Report after report in this thread: the bootstrap's helper threads, once started, are kept for the next builds.
buildsRepeatedly();

let queue: Promise<void> = Promise.resolve();
parentPort!.on("message", (message: { id: number; job: ReportJob }) => {
  queue = queue.then(async () => {
    try {
      parentPort!.postMessage({ id: message.id, built: await runReportJobFrom(reader, message.job) });
    } catch (error) {
      parentPort!.postMessage({ id: message.id, error: (error as Error).stack ?? String(error) });
    }
  });
});
