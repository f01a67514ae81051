import type { Count, CounterStore } from "../counters.js";

/**
 * Counters kept in one process's memory only: client addresses used as keys are never written to
 * disk. A restart forgets, which is fine for one node. Synchronous, so the in-process limiters
 * (src/web/common/rate-limit.ts) count a burst of parallel requests without a gap between read and write.
 */
export interface MemoryCounters {
  increment(key: string, windowMs: number, now: number, sliding?: boolean): Count;
  read(key: string, now: number): Count | undefined;
  decrement(key: string, now: number): void;
  reset(key: string): void;
  purgeExpired(now: number): number;
  /** Keys held now (for tests and monitoring). */
  size(): number;
}

/**
 * `maxKeys` bounds the memory a flood of distinct addresses can take: ended windows are swept at
 * most once per window (not on every request, which a flood would make quadratic), and past the bound
 * the oldest windows are dropped (those clients just start counting again).
 */
export function createMemoryCounters(maxKeys = 100_000): MemoryCounters {
  const windows = new Map<string, Count>();
  let lastSweep = 0;
  const purge = (now: number): number => {
    let n = 0;
    for (const [k, w] of windows)
      if (now >= w.expiresAt) {
        windows.delete(k);
        n++;
      }
    return n;
  };
  const sweep = (now: number, windowMs: number): void => {
    if (now - lastSweep >= windowMs) {
      lastSweep = now;
      purge(now);
    }
    // Map order is insertion order: the first keys are the oldest.
    for (const k of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(k);
    }
  };
  const current = (key: string, now: number): Count | undefined => {
    const w = windows.get(key);
    return w && now < w.expiresAt ? w : undefined;
  };
  return {
    increment(key, windowMs, now, sliding = false) {
      if (windows.size >= maxKeys) sweep(now, windowMs);
      const w = current(key, now) ?? { count: 0, expiresAt: now + windowMs };
      w.count++;
      if (sliding) w.expiresAt = now + windowMs;
      windows.set(key, w);
      return { ...w };
    },
    read(key, now) {
      const w = current(key, now);
      return w && { ...w };
    },
    decrement(key, now) {
      const w = current(key, now);
      if (w && w.count > 0) w.count--;
    },
    reset(key) {
      windows.delete(key);
    },
    purgeExpired: purge,
    size: () => windows.size,
  };
}

/** The counter store of the SQLite single-node default: memory counters behind the async interface. */
export function createMemoryCounterStore(
  counters: MemoryCounters = createMemoryCounters(),
  maxOwners = 200_000,
): CounterStore {
  /** Owner → the key of the hit it holds and until when (bounded: past it the oldest are forgotten). */
  const owners = new Map<string, { key: string; until: number }>();
  return {
    increment: (key, windowMs, options = {}) =>
      Promise.resolve(counters.increment(key, windowMs, options.now ?? Date.now(), options.sliding)),
    read: (key, now = Date.now()) => Promise.resolve(counters.read(key, now)),
    decrement: (key, now = Date.now()) => Promise.resolve(counters.decrement(key, now)),
    reset: (key) => Promise.resolve(counters.reset(key)),
    own: (owner, key, holdMs, now = Date.now()) => {
      if (!owners.has(owner)) {
        if (owners.size >= maxOwners) owners.delete(owners.keys().next().value!);
        owners.set(owner, { key, until: now + holdMs });
      }
      return Promise.resolve();
    },
    release: (owner, now = Date.now()) => {
      const held = owners.get(owner);
      owners.delete(owner);
      if (held && held.until > now) counters.decrement(held.key, now);
      return Promise.resolve();
    },
    purgeExpired: (now = Date.now()) => {
      for (const [owner, held] of owners) if (held.until <= now) owners.delete(owner);
      return Promise.resolve(counters.purgeExpired(now));
    },
  };
}
