import { parentPort } from "node:worker_threads";
import { helpWith, type ReplicateTask } from "./replicates.js";

/**
 * A helper thread of the bootstrap (src/report/replicates.ts): for each task it is sent, it runs
 * chunks of replicates until none is left, writing their tallies to the task's shared memory.
 */
parentPort!.on("message", (task: ReplicateTask) => helpWith(task));
// Loaded and listening: startReplicateHelpers waits for this.
parentPort!.postMessage("ready");
