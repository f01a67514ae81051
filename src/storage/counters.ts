/**
 * Counters in fixed (or sliding) windows: what the rate limits and the sign-in back-off count. On
 * SQLite one node serves the app and the counters stay in its memory (src/storage/memory/counters.ts,
 * never on disk); on PostgreSQL they are rows every node updates atomically
 * (src/storage/postgres/counters.ts), so a limit holds across nodes.
 */
export interface Count {
  /** Hits in the current window. */
  count: number;
  /** When the window ends (milliseconds since the epoch). */
  expiresAt: number;
}

export interface IncrementOptions {
  now?: number;
  /** Each hit pushes the window's end to now + window (a quiet spell as long as the window forgives). */
  sliding?: boolean;
}

export interface CounterStore {
  /** Counts one hit; a window that has ended starts afresh at 1. Racing hits are all counted. */
  increment(key: string, windowMs: number, options?: IncrementOptions): Promise<Count>;
  /** The current window's count, or undefined when there is none. */
  read(key: string, now?: number): Promise<Count | undefined>;
  /** Gives back one hit of the current window (never below zero). */
  decrement(key: string, now?: number): Promise<void>;
  reset(key: string): Promise<void>;
  /**
   * Remembers that `owner` (a draft, say) holds one hit of `key`, for `holdMs`: whichever node later
   * calls `release(owner)` gives that hit back without knowing the key. Remembering an owner again
   * keeps the first key.
   */
  own(owner: string, key: string, holdMs: number, now?: number): Promise<void>;
  /** Gives back the hit `owner` holds, if it is remembered and its window still runs; forgets the owner. */
  release(owner: string, now?: number): Promise<void>;
  /** Forgets the windows that have ended, and the owners past their hold; returns how many windows. */
  purgeExpired(now?: number): Promise<number>;
}

/** A limit of `max` hits per window over a counter store, keyed by limit name and client. */
export interface SharedLimiter {
  /** Counts one attempt; false when the key is over its limit for this window. */
  hit(key: string, now?: number): Promise<boolean>;
  blocked(key: string, now?: number): Promise<boolean>;
  refund(key: string, now?: number): Promise<void>;
  reset(key: string): Promise<void>;
  /** `owner` holds one of `key`'s hits (already counted by `hit`) until the store releases it. */
  own(owner: string, key: string, now?: number): Promise<void>;
}

/** The same rule as src/web/common/rate-limit.ts (at most `max` hits per window), on any store. */
export function createSharedLimiter(store: CounterStore, name: string, max: number, windowMs: number): SharedLimiter {
  const k = (key: string): string => `${name}\u0000${key}`;
  return {
    hit: async (key, now) => (await store.increment(k(key), windowMs, { now })).count <= max,
    blocked: async (key, now) => ((await store.read(k(key), now))?.count ?? 0) >= max,
    refund: (key, now) => store.decrement(k(key), now),
    reset: (key) => store.reset(k(key)),
    own: (owner, key, now) => store.own(owner, k(key), windowMs, now),
  };
}
