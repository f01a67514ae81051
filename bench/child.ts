import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";

// `--import tsx` is resolved from the working directory: the repository's, wherever the bench is started.
// BENCH_CPU_PROF=<folder> writes a V8 CPU profile of every child (servers, report) there: how BENCHMARKS.md's causes were found.
export const PROFILE = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
const OPTIONS = {
  execArgv: ["--import", "tsx", ...PROFILE],
  cwd: join(import.meta.dirname, ".."),
  stdio: ["ignore", "pipe", "pipe", "ipc"] as ("ignore" | "pipe" | "ipc")[],
};

export interface Child {
  port: number;
  /** Sends a message and waits for the next answer. */
  ask<T>(message: string): Promise<T>;
  stop(): Promise<void>;
}

/** A TypeScript file of bench/ as a child process that sends `{ port }` once it listens. */
export function startChild(file: string, args: string[] = [], env: Record<string, string> = {}): Promise<Child> {
  const proc: ChildProcess = fork(file, args, { ...OPTIONS, env: { ...process.env, ...env } });
  let stderr = "";
  proc.stdout?.resume();
  proc.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) =>
      reject(new Error(`${file} è terminato (codice ${code}) prima di essere pronto:\n${stderr}`));
    proc.once("exit", failed);
    proc.once("message", (m) => {
      proc.off("exit", failed);
      resolve({
        port: (m as { port: number }).port,
        ask: <T>(message: string) =>
          new Promise<T>((answer) => {
            proc.once("message", (reply) => answer(reply as T));
            proc.send(message);
          }),
        stop: () =>
          new Promise<void>((done) => {
            if (proc.exitCode !== null) return done();
            proc.once("exit", () => done());
            proc.disconnect();
          }),
      });
    });
  });
}

/** Runs a child that does one job and sends one result message, then exits. */
export function runChild<T>(file: string, args: string[]): Promise<T> {
  const proc = fork(file, args, OPTIONS);
  let stderr = "";
  let result: T | undefined;
  proc.stdout?.resume();
  proc.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  proc.on("message", (m) => (result = m as T));
  return new Promise((resolve, reject) => {
    proc.once("exit", (code) =>
      code === 0 && result !== undefined
        ? resolve(result)
        : reject(new Error(`${file} ${args.join(" ")}: codice ${code}\n${stderr}`)),
    );
  });
}
