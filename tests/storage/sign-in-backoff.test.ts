import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { createMemoryCounterStore } from "../../src/storage/memory/counters.js";
import { createSharedSignInBackoff } from "../../src/storage/sign-in-backoff.js";
import { createSignInGuard, SIGN_IN_LIMITS } from "../../src/web/admin/sign-in-guard.js";

/**
 * The back-off on shared counters (for several nodes) follows the in-process guard the single-node
 * default uses: the same sequence of failures, successes and quiet spells gives the same waits.
 */
describe("the shared sign-in back-off and the in-process guard", () => {
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
