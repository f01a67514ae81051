/// <reference path="./autocannon.d.ts" />
import autocannon, { type Options } from "autocannon";

/** One load measurement: rate, latency and what the server answered. */
export interface LoadFigures {
  /** Requests answered per second (all of them; every status must be the expected one). */
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  seconds: number;
}

/**
 * Runs autocannon for a warm-up (results thrown away: JIT, caches, SQLite pages), then for the
 * measurement. Any answer but the expected status is an error of the benchmark, not a figure:
 * a 429 or a 500 would make the rate meaningless.
 */
export async function measure(options: Options, expectStatus: number, warmupSeconds: number): Promise<LoadFigures> {
  if (warmupSeconds > 0)
    check(await autocannon({ ...options, duration: warmupSeconds }), expectStatus, `${options.url} (riscaldamento)`);
  const result = await autocannon(options);
  const requests = check(result, expectStatus, options.url);
  return {
    rps: requests / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests,
    seconds: result.duration,
  };
}

function check(result: Awaited<ReturnType<typeof autocannon>>, expectStatus: number, what: string): number {
  const statuses = Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [Number(code), s.count] as const);
  const unexpected = statuses.filter(([code]) => code !== expectStatus);
  if (result.errors > 0 || unexpected.length > 0) {
    throw new Error(
      `${what}: ${result.errors} errori di connessione, risposte inattese ${JSON.stringify(Object.fromEntries(unexpected))} (atteso ${expectStatus})`,
    );
  }
  return statuses.reduce((sum, [, n]) => sum + n, 0);
}

/** A client address per request, as a reverse proxy would pass it: many citizens, not one flooding address. */
export function forwardedFor(i: number): string {
  return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
}
