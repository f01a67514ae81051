import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * A worker thread running the module `name` of this folder, as this process runs: compiled
 * JavaScript loads `name.js` directly; under tsx or vitest (TypeScript sources, which a worker thread
 * cannot load by itself on Node 20) a tiny bootstrap first registers tsx's loader in the worker, then
 * imports `name.ts`.
 */
export function startFolderWorker(name: string, options: WorkerOptions): Worker {
  const typescript = import.meta.url.endsWith(".ts");
  const entry = new URL(`./${name}${typescript ? ".ts" : ".js"}`, import.meta.url);
  if (!typescript) return new Worker(entry, options);
  // The ESM entry of tsx's API, found from this file (the CommonJS one cannot register ESM hooks).
  const tsxApi = pathToFileURL(
    join(dirname(createRequire(import.meta.url).resolve("tsx/package.json")), "dist/esm/api/index.mjs"),
  ).href;
  const bootstrap = `import(${JSON.stringify(tsxApi)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
