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
 * `maxKeys` bounds the memory a flood of distinct addresses can take: expired windows are swept at
 * most once per window (not on every request, which a flood would make quadratic), and past the bound
 * the oldest windows are dropped (those clients just start counting again).
 */
export function createLimiter(max: number, windowMs: number, maxKeys = 100_000): Limiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = 0;
  const sweep = (now: number): void => {
    if (now - lastSweep >= windowMs) {
      lastSweep = now;
      for (const [k, w] of windows) if (now - w.start >= windowMs) windows.delete(k);
    }
    // Map order is insertion order: the first keys are the oldest.
    for (const k of windows.keys()) {
      if (windows.size < maxKeys) break;
      windows.delete(k);
    }
  };
  const current = (key: string, now: number) => {
    const w = windows.get(key);
    if (!w || now - w.start >= windowMs) return undefined;
    return w;
  };
  return {
    hit(key, now = Date.now()) {
      if (windows.size >= maxKeys) sweep(now);
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
    size: () => windows.size,
  };
}
