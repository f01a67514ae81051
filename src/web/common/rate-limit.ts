import { createMemoryCounters } from "../../storage/memory/counters.js";

/**
 * A fixed-window counter kept in memory only: addresses used as keys are never written to disk.
 * One process serves the app, so memory is the right place; a restart forgets, which is fine.
 */
export interface Limiter {
  /** Counts one attempt; false when the key is over its limit for this window. */
  hit(key: string, now?: number): boolean;
  blocked(key: string, now?: number): boolean;
  /** Gives back one attempt counted in advance (an attempt that turned out not to be a failure). */
  refund(key: string, now?: number): void;
  reset(key: string): void;
  /** Keys held now (for tests and monitoring). */
  size(): number;
}

/**
 * `maxKeys` bounds the memory a flood of distinct addresses can take (src/storage/memory/counters.ts:
 * ended windows swept at most once per window, past the bound the oldest dropped). These are the
 * counters the SQLite single-node default keeps; several nodes on PostgreSQL share theirs through
 * the same counter interface (src/storage/counters.ts).
 */
export function createLimiter(max: number, windowMs: number, maxKeys = 100_000): Limiter {
  const counters = createMemoryCounters(maxKeys);
  return {
    hit: (key, now = Date.now()) => counters.increment(key, windowMs, now).count <= max,
    blocked: (key, now = Date.now()) => (counters.read(key, now)?.count ?? 0) >= max,
    refund: (key, now = Date.now()) => counters.decrement(key, now),
    reset: (key) => counters.reset(key),
    size: () => counters.size(),
  };
}
