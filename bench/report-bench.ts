import { join } from "node:path";
import type { SyntheticResponse } from "../src/demo/generator.js";
import { runChild } from "./child.js";
import { generate, insertFast, openBenchDb } from "./fixtures.js";

export interface ReportSize {
  citizens: number;
  staff: number;
}

/**
 * Builds again at the smallest size: by the sixteenth, a build takes what it takes in a server's
 * long-lived worker (code compiled, the helper thread started by the first of them running).
 */
const WARM_BUILDS = 16;

export interface ReportFigures extends ReportSize {
  fillMs: number;
  loadMs: number;
  readMs: number;
  buildMs: number;
  /** The smallest size only: the job built again in the same process, the last of WARM_BUILDS timed. */
  warmMs: number | null;
  rssBefore: number;
  maxRss: number;
}

/**
 * The report on growing databases: one file filled up to each size in turn (the people of a smaller
 * size are the first of the larger one), the report timed in a child process at each size.
 * Returns the figures and the path of the database at the largest size (for the CSV round trip).
 */
export async function reportBench(
  dir: string,
  sizes: readonly ReportSize[],
  replicates: number,
  log: (line: string) => void,
): Promise<{ figures: ReportFigures[]; path: string; citizens: SyntheticResponse[] }> {
  const path = join(dir, "report.db");
  const { db, registry } = openBenchDb(path);
  const largest = sizes[sizes.length - 1];
  let t = performance.now();
  const citizens = generate(registry, { citizens: largest.citizens, staff: 0, seed: 1 });
  log(`${largest.citizens} cittadini simulati generati in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const figures: ReportFigures[] = [];
  let have = { citizens: 0, staff: 0 };
  try {
    for (const [i, size] of sizes.entries()) {
      t = performance.now();
      // Staff of each step drawn with a seed of its own: its areas follow the quotas for that step.
      const staff = generate(registry, { citizens: 0, staff: size.staff - have.staff, seed: 100 + i });
      insertFast(db, registry, [...citizens.slice(have.citizens, size.citizens), ...staff]);
      const fillMs = performance.now() - t;
      have = size;
      log(`rapporto su ${size.citizens} cittadini e ${size.staff} dipendenti, ${replicates} repliche…`);
      const measured = await runChild<Omit<ReportFigures, "fillMs">>(join(import.meta.dirname, "report-child.ts"), [
        path,
        String(replicates),
        String(i === 0 ? WARM_BUILDS : 0),
      ]);
      if (measured.citizens !== size.citizens || measured.staff !== size.staff)
        throw new Error(
          `il database ha ${measured.citizens}/${measured.staff} risposte invece di ${size.citizens}/${size.staff}`,
        );
      figures.push({ ...measured, fillMs });
    }
  } finally {
    db.$client.close();
  }
  return { figures, path, citizens };
}
