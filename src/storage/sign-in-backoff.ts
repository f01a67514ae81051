import { createSharedLimiter, type CounterStore } from "./counters.js";

/** The limits of the sign-in (SIGN_IN_LIMITS in src/web/admin/sign-in-guard.ts). */
export interface BackoffLimits {
  freeFailures: number;
  firstPauseSeconds: number;
  maxPauseMinutes: number;
  perClient: number;
}

/** The sign-in back-off over a counter store: with PostgreSQL's, it holds across app nodes. */
export interface SharedSignInBackoff {
  /** Seconds to wait before this (name, client) may try again; 0 when it may now. */
  waitSeconds(username: string, client: string, now?: number): Promise<number>;
  /** Counts an attempt before the (slow) password check, so parallel guesses are counted too. */
  attempt(username: string, client: string, now?: number): Promise<void>;
  /** The attempt succeeded: its (name, client) starts afresh and the client's count is given back. */
  succeeded(username: string, client: string, now?: number): Promise<void>;
}

const CLIENT_WINDOW_MS = 15 * 60_000;

/**
 * The sign-in back-off on a counter store (memory on one node, shared rows on PostgreSQL): failures per (name, client)
 * in a sliding window as long as the longest pause (a quiet spell that long forgives them), so the
 * last failure is the window's end minus its length; past the free failures the pause doubles at
 * each one, up to the longest; and failures per client over all names in 15 minutes.
 */
export function createSharedSignInBackoff(store: CounterStore, limits: BackoffLimits): SharedSignInBackoff {
  const maxPauseMs = limits.maxPauseMinutes * 60_000;
  const perClient = createSharedLimiter(store, "sign-in-client", limits.perClient, CLIENT_WINDOW_MS);
  const pair = (username: string, client: string): string => `sign-in-pair\u0000${username}\u0000${client}`;
  return {
    async waitSeconds(username, client, now = Date.now()) {
      if (await perClient.blocked(client, now)) return CLIENT_WINDOW_MS / 1000;
      const failures = await store.read(pair(username, client), now);
      if (!failures) return 0;
      const over = failures.count - limits.freeFailures;
      if (over < 0) return 0;
      const last = failures.expiresAt - maxPauseMs;
      const until = last + Math.min(limits.firstPauseSeconds * 1000 * 2 ** over, maxPauseMs);
      return until > now ? Math.ceil((until - now) / 1000) : 0;
    },
    async attempt(username, client, now = Date.now()) {
      await perClient.hit(client, now);
      await store.increment(pair(username, client), maxPauseMs, { now, sliding: true });
    },
    async succeeded(username, client, now = Date.now()) {
      await store.reset(pair(username, client));
      await perClient.refund(client, now);
    },
  };
}
