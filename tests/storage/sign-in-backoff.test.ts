import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { createMemoryCounterStore } from "../../src/storage/memory/counters.js";
import { createSharedSignInBackoff } from "../../src/storage/sign-in-backoff.js";
import { clientKey } from "../../src/web/common/client-key.js";
import { createLimiter, type Limiter } from "../../src/web/common/rate-limit.js";
import { SIGN_IN_LIMITS, type SignInLimits } from "../../src/web/admin/sign-in-guard.js";

/**
 * The sign-in back-off on counters (the process's memory on one node, shared rows on PostgreSQL)
 * checked against a second, independent statement of the rule: the in-process guard the product
 * used before the sign-in moved onto the storage boundary, kept here as the reference model. The
 * same sequence of failures, successes and quiet spells must give the same waits.
 */
describe("the sign-in back-off and its reference model", () => {
  it("agree on every wait through failures, a success, a second client and a quiet spell", async () => {
    const guard = createSignInGuard();
    const shared = createSharedSignInBackoff(createMemoryCounterStore(), SIGN_IN_LIMITS);
    const T = Date.UTC(2026, 11, 1, 10);
    // [seconds after T, what happens, name, client address]
    const steps: [number, "fail" | "ok", string, string][] = [
      [0, "fail", "admin", "203.0.113.7"],
      [1, "fail", "admin", "203.0.113.7"],
      [2, "fail", "admin", "203.0.113.7"],
      [3, "fail", "admin", "203.0.113.7"],
      [4, "fail", "admin", "203.0.113.7"],
      [40, "fail", "admin", "203.0.113.7"],
      [41, "fail", "sindaca", "203.0.113.7"],
      [45, "fail", "admin", "198.51.100.1"],
      [200, "fail", "admin", "203.0.113.7"],
      [300, "ok", "admin", "203.0.113.7"],
      [301, "fail", "admin", "203.0.113.7"],
      [2_000, "fail", "admin", "203.0.113.7"],
      [2_001, "fail", "a", "192.0.2.1"],
      [2_002, "fail", "b", "192.0.2.1"],
    ];
    const probes = [0, 1, 29, 30, 31, 59, 60, 90, 119, 120, 500, 900, 901];
    for (const [at, what, name, ip] of steps) {
      const now = T + at * 1000;
      const req = { ip } as Request;
      guard.attempt(name, req, now);
      await shared.attempt(name, ip, now);
      if (what === "ok") {
        guard.succeeded(name, req, now);
        await shared.succeeded(name, ip, now);
      }
      for (const p of probes)
        for (const who of ["admin", "sindaca", "a"])
          expect(await shared.waitSeconds(who, ip, now + p * 1000), `${who}@${ip} ${at}+${p}s`).toBe(
            guard.waitSeconds(who, req, now + p * 1000),
          );
    }
    expect(await shared.waitSeconds("admin", "203.0.113.7", T + 2_000_000)).toBe(0);
  });
});

// The reference model: the in-process guard as it was (src/web/admin/sign-in-guard.ts before it moved).
interface SignInGuard {
  /** Seconds to wait before this (name, client) may try again; 0 when it may now. */
  waitSeconds(username: string, req: Request, now?: number): number;
  /** Counts an attempt before the (slow) password check: a burst of parallel guesses is counted too. */
  attempt(username: string, req: Request, now?: number): void;
  /** The attempt succeeded: its (name, client) starts afresh and the client's count is given back. */
  succeeded(username: string, req: Request, now?: number): void;
}

function createSignInGuard(limits: SignInLimits = SIGN_IN_LIMITS, maxKeys = 100_000): SignInGuard {
  const pairs = new Map<string, { failures: number; until: number; last: number }>();
  const perClient: Limiter = createLimiter(limits.perClient, 15 * 60_000);
  const key = (username: string, req: Request): string => `${username}\u0000${clientKey(req.ip)}`;
  const forget = (now: number): void => {
    if (pairs.size < maxKeys) return;
    for (const [k, p] of pairs) if (now - p.last > limits.maxPauseMinutes * 60_000 * 2) pairs.delete(k);
    for (const k of pairs.keys()) {
      if (pairs.size < maxKeys) break;
      pairs.delete(k);
    }
  };
  return {
    waitSeconds(username, req, now = Date.now()) {
      if (perClient.blocked(clientKey(req.ip), now)) return 15 * 60;
      const pair = pairs.get(key(username, req));
      return pair && pair.until > now ? Math.ceil((pair.until - now) / 1000) : 0;
    },
    attempt(username, req, now = Date.now()) {
      forget(now);
      perClient.hit(clientKey(req.ip), now);
      const k = key(username, req);
      const pair = pairs.get(k) ?? { failures: 0, until: 0, last: now };
      // A quiet spell as long as the longest pause forgives the earlier failures.
      if (now - pair.last > limits.maxPauseMinutes * 60_000) pair.failures = 0;
      pair.failures++;
      pair.last = now;
      const over = pair.failures - limits.freeFailures;
      if (over >= 0)
        pair.until = now + Math.min(limits.firstPauseSeconds * 1000 * 2 ** over, limits.maxPauseMinutes * 60_000);
      pairs.delete(k);
      pairs.set(k, pair);
    },
    succeeded(username, req, now = Date.now()) {
      pairs.delete(key(username, req));
      // The same clock as the attempt it answers: a refund on another clock may miss its window.
      perClient.refund(clientKey(req.ip), now);
    },
  };
}
