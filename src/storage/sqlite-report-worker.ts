import { parentPort, workerData } from "node:worker_threads";
import { openReadOnlyDatabase } from "../db/client.js";
import type { ReportJob } from "../report/job.js";
import { runReportJob } from "./sqlite-report-inputs.js";
import { buildsRepeatedly } from "../report/helper-threads.js";

/**
 * The SQLite report worker: builds reports on its own read-only connection, one job at a time, so
 * that the web server's event loop never spends seconds on a report. Started by
 * src/storage/sqlite-report-source.ts.
 */
const db = openReadOnlyDatabase((workerData as { databasePath: string }).databasePath);
// Report after report in this thread: the bootstrap's helper threads, once started, are kept for the next builds.
buildsRepeatedly();

parentPort!.on("message", (message: { id: number; job: ReportJob }) => {
  try {
    parentPort!.postMessage({ id: message.id, built: runReportJob(db, message.job) });
  } catch (error) {
    parentPort!.postMessage({ id: message.id, error: (error as Error).stack ?? String(error) });
  }
});
