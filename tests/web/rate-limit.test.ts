import { describe, expect, it } from "vitest";
import { createLimiter } from "../../src/web/common/rate-limit.js";

describe("the in-memory rate limiter", () => {
  it("allows max attempts per window, then refuses until the window ends", () => {
    const limit = createLimiter(3, 1000);
    expect([1, 2, 3, 4].map(() => limit.hit("a", 0))).toEqual([true, true, true, false]);
    expect(limit.blocked("a", 999)).toBe(true);
    expect(limit.hit("a", 1000)).toBe(true);
    limit.refund("a", 1000);
    expect(limit.blocked("b", 0)).toBe(false);
  });

  it("keeps at most maxKeys addresses, however many distinct ones flood it", () => {
    const limit = createLimiter(5, 60_000, 1000);
    for (let i = 0; i < 50_000; i++) limit.hit(`10.0.${i >> 8}.${i & 255}`, i);
    expect(limit.size()).toBeLessThanOrEqual(1000);
    // The newest addresses are still counted.
    for (let i = 0; i < 5; i++) limit.hit("10.0.195.79", 50_000);
    expect(limit.blocked("10.0.195.79", 50_001)).toBe(true);
  });
});
