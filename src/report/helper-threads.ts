import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { ReplicateThreading } from "./replicates.js";
import { startFolderWorker } from "./threads.js";

/*
 * The report's helper threads (src/report/replicate-worker.ts): when a bootstrap uses them, started
 * when one first needs them and kept, so that later builds of this thread find them running.
 * src/report/replicates.ts spreads a bootstrap's replicates over them.
 */

/**
 * Below this much work (draws per replicate × replicates) a helper thread costs more than it saves:
 * 35,000 citizens × 1,000 replicates is 35 million, about 4 s of one core, so the minimum is about half
 * a second of bootstrap; starting a helper under tsx took 2.8 s at load 15 on two cores (less compiled,
 * and once per thread: helpers are kept).
 */
export const MIN_WORK_FOR_THREADS = 5_000_000;
/**
 * With the helpers already running there is no thread to start, only the plan to share (well under a
 * millisecond): a tenth of the minimum then pays, about 500 citizens with 1,000 replicates, 60 ms of
 * one core. Only a thread that builds reports again and again keeps helpers for this
 * (`buildsRepeatedly`: the server's report worker).
 */
export const MIN_WORK_WHEN_RUNNING = 500_000;
/** Beyond this, more threads only add memory and start-up (1,000 replicates make 16 chunks on two threads, 63 on eight). */
const MAX_THREADS = 8;

/**
 * Threads a build uses by default: every core. The building thread works a share itself, so on two
 * cores that is one helper; "cores minus one" would mean no helper at all on the machines we run on.
 * A web server's own thread needs little CPU between requests and the scheduler gives it its turn.
 */
export function defaultReplicateThreads(): number {
  return Math.min(MAX_THREADS, Math.max(1, availableParallelism()));
}

/** Helper threads of this thread, started when first needed and kept (they never keep the process alive). */
const helpers: Worker[] = [];
/** Settles when a helper has loaded its code (its first message) or has stopped. */
const ready = new WeakMap<Worker, Promise<void>>();
/**
 * Each helper's «loaded» mark, in memory shared with it: a thread that builds without returning to
 * its event loop between builds (the "ready" message waits for that) still sees a helper that has
 * loaded. The helper sets it to 1 once it listens (replicate-worker.ts).
 */
const loaded = new WeakMap<Worker, Int32Array>();
/** Set by a thread that builds report after report (the server's report worker). */
let repeatedBuilds = false;

/**
 * Declares that this thread builds reports again and again (the server's report worker): a build
 * with work enough for running helpers but not for starting them starts them for the builds after it.
 */
export function buildsRepeatedly(): void {
  repeatedBuilds = true;
}

/** Whether this thread's first `count` helpers have started and loaded their code. */
function helpersRunning(count: number): boolean {
  return helpers.length >= count && helpers.slice(0, count).every((h) => Atomics.load(loaded.get(h)!, 0) === 1);
}

/** How many helper threads this thread has (tests). */
export function helperCount(): number {
  return helpers.length;
}

/** This thread's first `count` helpers, started if need be. */
export function ensureHelpers(count: number): Worker[] {
  while (helpers.length < count) {
    const mark = new Int32Array(new SharedArrayBuffer(4));
    const helper = startFolderWorker("replicate-worker", {
      name: "sportello-replicates",
      workerData: { loaded: mark },
    });
    loaded.set(helper, mark);
    helper.unref();
    const drop = (): void => {
      const at = helpers.indexOf(helper);
      if (at >= 0) helpers.splice(at, 1);
    };
    // A helper that fails to start or dies is forgotten; its chunks are run by the building thread.
    helper.on("error", drop);
    helper.on("exit", drop);
    ready.set(
      helper,
      new Promise<void>((resolve) => {
        helper.once("message", () => resolve());
        helper.once("exit", () => resolve());
      }),
    );
    helpers.push(helper);
  }
  return helpers.slice(0, count);
}

/** Starts the helper threads now and resolves once each has loaded its code (tests; builds start them when needed). */
export function startReplicateHelpers(count: number): Promise<void> {
  return Promise.all(ensureHelpers(count).map((h) => ready.get(h) ?? Promise.resolve())).then(() => undefined);
}

/** Stops the helper threads (tests; a process that ends does not need it). */
export async function stopReplicateHelpers(): Promise<void> {
  const all = helpers.splice(0);
  await Promise.all(all.map((h) => h.terminate()));
}

/**
 * Starts now the helpers a coming bootstrap of about `work` draws will use, so that they load while
 * the report reads and weighs its sample (a helper takes a tenth of a second or more to load) rather
 * than after the bootstrap's plan is ready. Nothing for a bootstrap that will run in this thread.
 */
export function prepareHelpers(threading: number | ReplicateThreading | undefined, work: number): void {
  const options = threadingOf(threading);
  if (helpersFor(options, work).split) ensureHelpers(options.threads - 1);
}

export function threadingOf(threading: number | ReplicateThreading = defaultReplicateThreads()): ReplicateThreading {
  const options = typeof threading === "number" ? { threads: threading } : threading;
  return { ...options, threads: Math.min(MAX_THREADS, options.threads) };
}

/**
 * Whether a bootstrap of `work` draws is split over the helper threads, or else starts them for the
 * builds after it (a thread that builds repeatedly, with work enough for running helpers only).
 */
export function helpersFor(options: ReplicateThreading, work: number): { split: boolean; startForLater: boolean } {
  const { threads } = options;
  const running = threads > 1 && helpersRunning(threads - 1);
  const minWork = options.minWork ?? (running ? MIN_WORK_WHEN_RUNNING : MIN_WORK_FOR_THREADS);
  const split = threads > 1 && work >= minWork;
  return {
    split,
    startForLater: !split && !running && repeatedBuilds && work >= MIN_WORK_WHEN_RUNNING && threads > 1,
  };
}
