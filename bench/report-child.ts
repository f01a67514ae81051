import { buildReport } from "../src/report/build.js";
import { marginsFrom, reportJobFor, staffSurveyFor } from "../src/report/load.js";
import { readReportSettings, readStoredMargins } from "../src/storage/sqlite-report-settings.js";
import { readInputDataSqlite, runReportJob } from "../src/storage/sqlite-report-inputs.js";
import { buildsRepeatedly, helperCount, startReplicateHelpers } from "../src/report/helper-threads.js";
import { CITIZENS, MARGINS, openBenchDb } from "./fixtures.js";

/**
 * One report size, in a process of its own so that its peak memory is the report's: `runReportJob` end
 * to end (read from SQLite, then build) as the report worker runs it, then the same input read once
 * more and `buildReport` timed alone, then (if asked) the whole job again a few times, the last timed.
 * Arguments: database path, bootstrap replicates, the number of builds again (0: none).
 */
const [path, replicates, warmBuilds] = [process.argv[2], Number(process.argv[3]), Number(process.argv[4] ?? 0)];
const { db, registry } = openBenchDb(path);
const before = process.memoryUsage().rss;
const settings = { replicates };

let t = performance.now();
const report = runReportJob(db, reportJobFor(registry, CITIZENS, { marginsFile: MARGINS, settings })).report;
const loadMs = performance.now() - t;

const survey = registry.current(CITIZENS)!;
const staffSurvey = staffSurveyFor(registry, survey)!;
t = performance.now();
const margins = marginsFrom(readStoredMargins(db, CITIZENS), survey, MARGINS);
// As the report worker reads them: the citizens' answers straight into the answer columns.
const { citizens, staff } = readInputDataSqlite(db, { surveyId: CITIZENS, staffSurveyId: staffSurvey.definition.id });
const readMs = performance.now() - t;
if (!margins?.ok) throw new Error("margini non validi");
t = performance.now();
buildReport({
  citizenSurvey: survey,
  citizens,
  staffSurvey,
  staff,
  margins: margins.margins,
  settings: { ...readReportSettings(db, CITIZENS), ...settings },
  filters: { groups: {} },
  generatedAt: new Date().toISOString(),
});
const buildMs = performance.now() - t;
// As the server's report worker builds again and again in one thread: the same job `warmBuilds` more
// times, the last one timed (its code compiled by then, the database pages in the cache, and the
// bootstrap's helper thread, which the first of these builds starts, running).
if (warmBuilds > 0) buildsRepeatedly();
let warmMs: number | null = null;
const job = reportJobFor(registry, CITIZENS, { marginsFile: MARGINS, settings });
for (let i = 0; i < warmBuilds; i++) {
  t = performance.now();
  runReportJob(db, job);
  warmMs = performance.now() - t;
  // Between two builds a server's worker waits for answers and views: time for a helper to load.
  await startReplicateHelpers(helperCount());
}
db.$client.close();
process.send?.(
  {
    // The stored count: the report's published total is perturbed by the cell-key method (disclosure control).
    citizens: citizens.length,
    staff: staff.length,
    reportTotal: report.responses.total,
    loadMs,
    readMs,
    buildMs,
    warmMs,
    rssBefore: before,
    maxRss: process.resourceUsage().maxRSS * 1024,
  },
  () => process.disconnect(),
);
