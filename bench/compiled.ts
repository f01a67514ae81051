import { execFileSync, spawn } from "node:child_process";
import { readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { PROFILE } from "./child.js";
import { ROOT } from "./fixtures.js";

/**
 * The product as a production installation runs it (docs/install.md): the TypeScript compiled with
 * tsc and the page assets built, as `npm run build` does, into a folder of the benchmark's own (the
 * repository's dist/ may be older than the sources), beside links to what the compiled code reaches
 * from dist/. Returns the folder. Not timed.
 */
export function compileProduct(dir: string): string {
  const build = join(dir, "compiled");
  const dist = join(build, "dist");
  execFileSync(
    process.execPath,
    [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(ROOT, "tsconfig.build.json"), "--outDir", dist],
    { cwd: ROOT, stdio: "pipe" },
  );
  execFileSync(process.execPath, [join(ROOT, "scripts/build-assets.mjs"), join(dist, "assets")], {
    cwd: ROOT,
    stdio: "pipe",
  });
  for (const name of [
    "migrations",
    "migrations-pg",
    "surveys",
    "reports",
    "config",
    "views",
    "node_modules",
    "package.json",
  ])
    symlinkSync(join(ROOT, name), join(build, name));
  return build;
}

/** Node's options in `npm start` (package.json), so that the benchmark runs the server as it is started. */
export function startOptions(): string[] {
  const start = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: { start: string } }).scripts
    .start;
  const words = start.split(/\s+/);
  if (words[0] !== "node" || words[words.length - 1] !== "dist/main.js")
    throw new Error(`npm start non è «node … dist/main.js»: ${start}`);
  return words.slice(1, -1);
}

/** Resident memory of a running process, from the kernel: now, and its high-water mark (all threads). */
export interface Memory {
  rss: number;
  maxRss: number;
}

export interface ProductServer {
  port: number;
  /** Resident memory when it announced its port, before any request. */
  idleRss: number;
  memory(): Memory;
  stop(): Promise<void>;
}

/**
 * The compiled server started as `npm start` starts it (`node <its options> dist/main.js`), on a port
 * the system picks (PORT=0), read from the line the server logs once it listens. TRUST_PROXY is set
 * because the benchmark sends each request as coming from a different citizen (X-Forwarded-For): the
 * rate limits per address stay on, as in production, and never throttle the benchmark. With
 * DATABASE_URL in `env` it runs on PostgreSQL; several such servers are app nodes of one database.
 */
export function startProduct(
  build: string,
  databasePath: string,
  env: Record<string, string> = {},
): Promise<ProductServer> {
  const proc = spawn(process.execPath, [...startOptions(), ...PROFILE, join(build, "dist/main.js")], {
    cwd: build,
    env: {
      ...process.env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_PATH: databasePath,
      TRUST_PROXY: "1",
      MAX_OPEN_DRAFTS: "1000000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const pid = proc.pid!;
  // A benchmark (or test) that ends without stopping it must not leave a server behind.
  const orphaned = (): void => void proc.kill("SIGKILL");
  process.once("exit", orphaned);
  let stderr = "";
  proc.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((done) =>
    proc.once("exit", () => {
      process.off("exit", orphaned);
      done();
    }),
  );
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) =>
      reject(new Error(`il server compilato è terminato (codice ${code}) prima di essere pronto:\n${stderr}`));
    proc.once("exit", failed);
    // Every log line is read (and dropped) to the end: a full pipe would stall the server's logging.
    const lines = createInterface({ input: proc.stdout });
    let announced = false;
    lines.on("line", (line) => {
      if (announced) return;
      const port = portOf(line);
      if (port === null) return;
      announced = true;
      proc.off("exit", failed);
      resolve({
        port,
        idleRss: memoryOf(pid).rss,
        memory: () => memoryOf(pid),
        stop: () => {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill("SIGTERM");
          return exited;
        },
      });
    });
  });
}

/** The port in the server's «listening» log line (pino's JSON, with the surveys it serves), or null for any other line. */
function portOf(line: string): number | null {
  try {
    const entry = JSON.parse(line) as { port?: unknown; surveys?: unknown };
    return typeof entry.port === "number" && typeof entry.surveys === "string" ? entry.port : null;
  } catch {
    return null;
  }
}

function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: kb("VmRSS") * 1024, maxRss: kb("VmHWM") * 1024 };
}
