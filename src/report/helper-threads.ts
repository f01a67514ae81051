import type { Worker } from "node:worker_threads";
import { startFolderWorker } from "./threads.js";

/*
 * The report's helper threads (src/report/replicate-worker.ts): started when a bootstrap first needs
 * them and kept, so that later builds of this thread find them running. src/report/replicates.ts
 * decides when a bootstrap uses them.
 */

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

/** Whether this thread was declared to build report after report. */
export function isRepeatedBuilder(): boolean {
  return repeatedBuilds;
}

/** Whether this thread's first `count` helpers have started and loaded their code. */
export function helpersRunning(count: number): boolean {
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
