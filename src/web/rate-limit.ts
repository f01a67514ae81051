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
}

export function createLimiter(max: number, windowMs: number): Limiter {
  const windows = new Map<string, { start: number; count: number }>();
  const current = (key: string, now: number) => {
    const w = windows.get(key);
    if (!w || now - w.start >= windowMs) return undefined;
    return w;
  };
  return {
    hit(key, now = Date.now()) {
      if (windows.size > 100_000) for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
      const w = current(key, now) ?? { start: now, count: 0 };
      w.count++;
      windows.set(key, w);
      return w.count <= max;
    },
    blocked(key, now = Date.now()) {
      return (current(key, now)?.count ?? 0) >= max;
    },
    refund(key, now = Date.now()) {
      const w = current(key, now);
      if (w && w.count > 0) w.count--;
    },
    reset(key) {
      windows.delete(key);
    },
  };
}
