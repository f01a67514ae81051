import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { BuiltReport, ReportJob } from "./job.js";

/** Builds one report at a time somewhere other than the request that needs it. */
export interface ReportBuilder {
  build(job: ReportJob): Promise<BuiltReport>;
  close(): Promise<void>;
}

type WorkerReply = { id: number; built: BuiltReport } | { id: number; error: string };

/**
 * A worker module beside `base` (a module's import.meta.url) as this process runs: compiled JavaScript
 * loads `<name>.js`, the TypeScript sources (tsx, vitest) `<name>.ts`.
 */
export function workerEntry(base: string, name: string): URL {
  return new URL(`./${name}${base.endsWith(".ts") ? ".ts" : ".js"}`, base);
}

/**
 * Starts a worker thread on `entry`. Compiled JavaScript is loaded directly; under tsx or vitest
 * (TypeScript sources, which a worker thread cannot load by itself on Node 20) a tiny bootstrap first
 * registers tsx's loader in the worker, then imports the entry.
 */
function startWorker(entry: URL, workerData: unknown): Worker {
  const options = { workerData, name: "sportello-report" };
  if (!entry.pathname.endsWith(".ts")) return new Worker(entry, options);
  // The ESM entry of tsx's API, found from this file (the CommonJS one cannot register ESM hooks).
  const tsxApi = pathToFileURL(
    join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs"),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * Builds in a worker thread started on `entry` with `workerData` (how it reaches the database). The
 * entry answers each message `{ id, job }` with `{ id, built }` or `{ id, error }`.
 */
export function createThreadBuilder(entry: URL, workerData: unknown): ReportBuilder {
  let worker: Worker | null = null;
  let nextId = 1;
  const inFlight = new Map<number, { resolve: (b: BuiltReport) => void; reject: (e: Error) => void }>();

  const failAll = (error: Error): void => {
    for (const pending of inFlight.values()) pending.reject(error);
    inFlight.clear();
  };
  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const started = startWorker(entry, workerData);
    started.unref();
    started.on("message", (reply: WorkerReply) => {
      const pending = inFlight.get(reply.id);
      if (!pending) return;
      inFlight.delete(reply.id);
      if ("error" in reply) pending.reject(new Error(reply.error));
      else pending.resolve(reply.built);
    });
    started.on("error", (error) => {
      if (worker === started) worker = null;
      failAll(error);
    });
    started.on("exit", (code) => {
      if (worker === started) worker = null;
      failAll(new Error(`Il processo di calcolo del rapporto si è fermato (codice ${code}).`));
    });
    return (worker = started);
  };

  return {
    build(job) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        inFlight.set(id, { resolve, reject });
        ensureWorker().postMessage({ id, job });
      });
    },
    async close() {
      const running = worker;
      worker = null;
      if (running) await running.terminate();
    },
  };
}
