import {
  addTally,
  drawsPerReplicate,
  emptyTally,
  runReplicates,
  type ReplicatePlan,
  type ReplicateRunner,
  type ReplicateStart,
  type ReplicateTally,
} from "../analysis/replicate-runs.js";
import type { Contributions } from "../analysis/contributions.js";
import { LANES } from "../analysis/weighted-sums.js";
import { defaultReplicateThreads, ensureHelpers, helpersFor, threadingOf } from "./helper-threads.js";

/**
 * The bootstrap's replicates on several threads. The thread that builds the report and up to
 * `threads − 1` helper threads take chunks of replicates from a shared counter until none is left;
 * each chunk's tally goes to its own slot of shared memory and the slots are added up at the end.
 * A replicate's numbers depend only on its index (the generator is jumped ahead to its first draw),
 * and the tallies are counts, so the report is the same byte for byte whatever the number of threads,
 * whichever thread ran which chunk, and if a helper never started or died (its chunks are then run
 * by the building thread). The building thread waits with `Atomics.wait`, so the report stays a
 * synchronous function and the analysis never knows about threads.
 */

/** States of a chunk in the control array (index 1 + chunk; index 0 is the next chunk to take). */
const TAKEN = 1;
const DONE = 2;
const FAILED = 3;

/** A chunk's slot in the results: hist, gatePass, then the three counters. */
const slotSize = (S: number): number => S * (S + 1) + S + 3;

/** What a helper is sent for one bootstrap: the plan (its large arrays in shared memory) and where to write. */
export interface ReplicateTask {
  plan: ReplicatePlan;
  chunk: number;
  control: Int32Array;
  results: Int32Array;
}

function writeSlot(results: Int32Array, c: number, S: number, tally: ReplicateTally): void {
  const o = c * slotSize(S);
  results.set(tally.hist, o);
  results.set(tally.gatePass, o + tally.hist.length);
  const k = o + tally.hist.length + S;
  results[k] = tally.withEmpty;
  results[k + 1] = tally.notConverged;
  results[k + 2] = tally.boundsUnmet;
}

function readSlot(results: Int32Array, c: number, S: number): ReplicateTally {
  const o = c * slotSize(S);
  const h = S * (S + 1);
  return {
    hist: results.slice(o, o + h),
    gatePass: results.slice(o + h, o + h + S),
    withEmpty: results[o + h + S],
    notConverged: results[o + h + S + 1],
    boundsUnmet: results[o + h + S + 2],
  };
}

const chunkCount = (plan: ReplicatePlan, chunk: number): number => Math.ceil(plan.replicates / chunk);
const runChunk = (plan: ReplicatePlan, chunk: number, c: number): ReplicateTally =>
  runReplicates(plan, c * chunk, Math.min(chunk, plan.replicates - c * chunk));

/** A helper's share of a task: chunks taken from the shared counter until none is left. */
export function helpWith(task: ReplicateTask): void {
  const { plan, chunk, control, results } = task;
  const C = chunkCount(plan, chunk);
  for (let c = Atomics.add(control, 0, 1); c < C; c = Atomics.add(control, 0, 1)) {
    Atomics.store(control, 1 + c, TAKEN);
    try {
      writeSlot(results, c, plan.services, runChunk(plan, chunk, c));
      Atomics.store(control, 1 + c, DONE);
    } catch {
      // The building thread runs the chunk again and meets the error itself, with its stack.
      Atomics.store(control, 1 + c, FAILED);
    }
    Atomics.notify(control, 1 + c);
  }
}

function shared<T extends Int32Array | Float64Array | Float32Array | Uint8Array>(a: T): T {
  const copy = new (a.constructor as new (buffer: SharedArrayBuffer) => T)(new SharedArrayBuffer(a.byteLength));
  copy.set(a);
  return copy;
}

function sharedContributions(c: Contributions): Contributions {
  return {
    ...c,
    slotOffsets: shared(c.slotOffsets),
    entryRows: shared(c.entryRows),
    entryValues: shared(c.entryValues),
    countSlots: shared(c.countSlots),
    dense: shared(c.dense),
    denseSlots: shared(c.denseSlots),
  };
}

/**
 * The plan as the helpers receive it: the large arrays copied once into shared memory, so that
 * sending it copies nothing big; the small calibration plan is copied with the message (it holds
 * scratch space each thread needs its own of).
 */
function sharedPlan(plan: ReplicatePlan): ReplicatePlan {
  const strata = (s: ReplicatePlan["citizenStrata"]) => ({
    ...s,
    offsets: shared(s.offsets),
    members: shared(s.members),
  });
  const w = plan.weighting;
  return {
    ...plan,
    citizens: sharedContributions(plan.citizens),
    staff: sharedContributions(plan.staff),
    citizenStrata: strata(plan.citizenStrata),
    staffStrata: strata(plan.staffStrata),
    w0: shared(plan.w0),
    weighting: w && {
      ...w,
      fragStart: shared(w.fragStart),
      fragCell: shared(w.fragCell),
      fragBase: shared(w.fragBase),
    },
  };
}

/** Chunks per thread: small enough that a thread slowed by other work leaves little for the others to wait on. */
const CHUNKS_PER_THREAD = 8;

/**
 * How long the building thread waits for a chunk a helper has taken before running it itself: far
 * longer than a chunk takes on a loaded machine, so it happens only if the helper died.
 */
const MIN_WAIT_MS = 10_000;

/** How the bootstrap's replicates are spread; a bare number is `{ threads }`. */
export interface ReplicateThreading {
  /** Threads, the building one included. */
  threads: number;
  /** Work below which everything runs in the building thread (MIN_WORK_FOR_THREADS unless given). */
  minWork?: number;
  /** False: the building thread only waits, so every chunk is the helpers' (tests; true by default). */
  buildingThreadWorks?: boolean;
  /** Told how many chunks there were and how many the helpers ran (tests). */
  observe?: (chunks: number, byHelpers: number) => void;
}

/**
 * The bootstrap's runner for that many threads (the building one included); one thread, or less work
 * than the minimum, runs every replicate here as before.
 */
export function replicateRunner(threading: number | ReplicateThreading = defaultReplicateThreads()): ReplicateRunner {
  const start = replicateStart(threading);
  return (plan) => start(plan)();
}

/**
 * The same, started: the helpers get the replicates at once and work on them while the building thread
 * goes on with the rest of the report; the function returned takes the chunks left, waits for the
 * helpers' and adds the tallies. One thread, or less work than the minimum, runs everything then.
 */
export function replicateStart(threading: number | ReplicateThreading = defaultReplicateThreads()): ReplicateStart {
  const options = threadingOf(threading);
  const { threads } = options;
  return (plan) => {
    const B = plan.replicates;
    const { split, startForLater } = helpersFor(options, drawsPerReplicate(plan) * B);
    if (!split) {
      if (startForLater) ensureHelpers(threads - 1);
      return () => runReplicates(plan, 0, B);
    }
    // Chunks of whole four-replicate passes.
    const chunk = LANES * Math.max(1, Math.round(B / (threads * CHUNKS_PER_THREAD * LANES)));
    const C = chunkCount(plan, chunk);
    const S = plan.services;
    const control = new Int32Array(new SharedArrayBuffer(4 * (1 + C)));
    const results = new Int32Array(new SharedArrayBuffer(4 * C * slotSize(S)));
    const task: ReplicateTask = { plan: sharedPlan(plan), chunk, control, results };
    for (const helper of ensureHelpers(threads - 1)) helper.postMessage(task);

    return () => {
      const mine = new Map<number, ReplicateTally>();
      const started = performance.now();
      if (options.buildingThreadWorks !== false)
        for (let c = Atomics.add(control, 0, 1); c < C; c = Atomics.add(control, 0, 1)) {
          Atomics.store(control, 1 + c, TAKEN);
          mine.set(c, runChunk(plan, chunk, c));
          Atomics.store(control, 1 + c, DONE);
        }
      const perChunk = (performance.now() - started) / Math.max(1, mine.size);
      const total = emptyTally(S);
      let byHelpers = 0;
      for (let c = 0; c < C; c++) {
        let tally = mine.get(c);
        if (!tally) {
          const deadline = performance.now() + Math.max(MIN_WAIT_MS, 20 * perChunk);
          let state = Atomics.load(control, 1 + c);
          while (state !== DONE && state !== FAILED && performance.now() < deadline) {
            Atomics.wait(control, 1 + c, state, Math.max(1, deadline - performance.now()));
            state = Atomics.load(control, 1 + c);
          }
          if (state === DONE) byHelpers++;
          tally = state === DONE ? readSlot(results, c, S) : runChunk(plan, chunk, c);
        }
        addTally(total, tally);
      }
      options.observe?.(C, byHelpers);
      return total;
    };
  };
}
