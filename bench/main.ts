import { formatTable } from "./table.js";
import { FULL, load, machine, runBench } from "./run.js";

/**
 * `npm run bench`: the product against a bare express app on loopback, the report at three sizes,
 * peak memory and the CSV import, printed as a table with the targets of issue 5. A missed target is
 * a measurement, not a failure: the exit code is non-zero only when the benchmark itself fails.
 */
const started = Date.now();
const log = (line: string) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);
console.log(`Sportello benchmark, ${new Date().toISOString()}`);
console.log(`Machine: ${machine()}`);
console.log(`Load average at start (1, 5, 15 min): ${load()}`);
console.log(
  `Method: ${FULL.connections} connections, ${FULL.seconds} s per measurement after ${FULL.warmup} s of warm-up; each server in its own process.`,
);
try {
  const result = await runBench(FULL, log);
  console.log("");
  console.log(formatTable(result.rows));
  console.log("");
  console.log(
    "The report fixtures are stored straight through the repository (insertResponse) without the service's validation; the HTTP submissions and the CSV import go through the product's own paths.",
  );
  console.log(`Load average at end: ${load()}; total ${((Date.now() - started) / 1000).toFixed(0)} s.`);
} catch (error) {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
}
