import { afterAll, describe, expect, it } from "vitest";
import { bootstrapRanking } from "../../src/analysis/bootstrap.js";
import { citizenColumns } from "../../src/analysis/columns.js";
import { replicateRunner } from "../../src/report/replicates.js";
import {
  buildsRepeatedly,
  helperCount,
  MIN_WORK_FOR_THREADS,
  MIN_WORK_WHEN_RUNNING,
  startReplicateHelpers,
  stopReplicateHelpers,
} from "../../src/report/helper-threads.js";
import { serviceCodes, syntheticCitizens, syntheticMargins, syntheticStaff } from "../analysis/synthetic.js";

// A file of its own: the thread's helpers and its «builds repeatedly» mark are this module's state.
const services = serviceCodes(12);
const citizens = citizenColumns(syntheticCitizens(1200, 12, 41));
const staff = syntheticStaff(40, 12, 42);
// 1,240 draws per replicate × 1,000: enough for running helpers, not for starting them.
const options = { margins: syntheticMargins(), replicates: 1000, seed: 3 };
const work = (1200 + 40) * options.replicates;

/** Two threads with the default minima; `split` tells whether the replicates were spread over threads. */
function twoThreads() {
  const t = { threads: 2, split: false, observe: () => (t.split = true) };
  return t;
}

afterAll(() => stopReplicateHelpers());

describe("a thread that builds report after report (the server's report worker)", () => {
  it("has work between the two minima", () => {
    expect(work).toBeGreaterThanOrEqual(MIN_WORK_WHEN_RUNNING);
    expect(work).toBeLessThan(MIN_WORK_FOR_THREADS);
  });

  it("starts its helpers at such a build and spreads the builds after it, with the same result", () => {
    const one = JSON.stringify(bootstrapRanking(citizens, staff, services, options));

    // A process that builds once (the CLI) starts no thread for it.
    const once = twoThreads();
    expect(JSON.stringify(bootstrapRanking(citizens, staff, services, options, replicateRunner(once)))).toBe(one);
    expect(once.split).toBe(false);
    expect(helperCount()).toBe(0);

    // Marked as building repeatedly: this build still runs here, and starts the helper for the next.
    buildsRepeatedly();
    const first = twoThreads();
    expect(JSON.stringify(bootstrapRanking(citizens, staff, services, options, replicateRunner(first)))).toBe(one);
    expect(first.split).toBe(false);
    expect(helperCount()).toBe(1);

    // Once it has loaded, the next build of the same size is spread over the two threads. The loop never
    // returns to the event loop, as a builder's loop need not: the helper's mark is in shared memory.
    const deadline = Date.now() + 20_000;
    let next = twoThreads();
    while (Date.now() < deadline) {
      next = twoThreads();
      expect(JSON.stringify(bootstrapRanking(citizens, staff, services, options, replicateRunner(next)))).toBe(one);
      if (next.split) break;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
    expect(next.split).toBe(true);
  });

  it("keeps a small build in its own thread even with the helpers running", async () => {
    await startReplicateHelpers(1);
    const small = { ...options, replicates: 100 };
    const t = twoThreads();
    const expected = JSON.stringify(bootstrapRanking(citizens, staff, services, small));
    expect(JSON.stringify(bootstrapRanking(citizens, staff, services, small, replicateRunner(t)))).toBe(expected);
    expect(t.split).toBe(false);
  });
});
