import { describe, expect, it } from "vitest";
import { createRng } from "../../src/analysis/random.js";

describe("createRng (mulberry32)", () => {
  it("matches the reference C implementation", () => {
    // Tommy Ettinger's C mulberry32 (z = state += 0x6D2B79F5; z = (z ^ z>>15) * (z|1);
    // z ^= z + (z ^ z>>7) * (z|61); return z ^ z>>14), compiled with gcc, state 42 then state 0.
    const a = createRng(42);
    expect([1, 2, 3, 4, 5].map(() => a.nextUint32())).toEqual([
      2581720956, 1925393290, 3661312704, 2876485805, 750819978,
    ]);
    const b = createRng(0);
    expect([1, 2, 3].map(() => b.nextUint32())).toEqual([1144304738, 1416247, 958946056]);
  });

  it("gives floats in [0, 1) and integers in range, uniformly enough", () => {
    const rng = createRng(7);
    const counts = new Array(10).fill(0);
    const n = 100_000;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const k = rng.nextInt(10);
      if (k >= 0 && k < 10) counts[k]++;
      else outside++;
    }
    expect(outside).toBe(0);
    // Chi-square with 9 df: the 99.9 % point is 27.88.
    const chi2 = counts.reduce((s, c) => s + (c - n / 10) ** 2 / (n / 10), 0);
    expect(chi2).toBeLessThan(27.88);
  });
});
