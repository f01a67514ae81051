import { parentPort, workerData } from "node:worker_threads";
import { helpWith, type ReplicateTask } from "./replicates.js";

/**
 * A helper thread of the bootstrap (src/report/replicates.ts): for each task it is sent, it runs
 * chunks of replicates until none is left, writing their tallies to the task's shared memory.
 */
parentPort!.on("message", (task: ReplicateTask) => helpWith(task));
// Loaded and listening: the building thread reads the mark, startReplicateHelpers waits for the message.
Atomics.store((workerData as { loaded: Int32Array }).loaded, 0, 1);
parentPort!.postMessage("ready");
