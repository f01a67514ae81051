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

describe("createRng jumped ahead", () => {
  it("starts exactly where the sequential stream is after that many draws", () => {
    for (const seed of [1, 42, 0xffffffff]) {
      const sequential = createRng(seed);
      const stream = Array.from({ length: 5000 }, () => sequential.nextUint32());
      for (const skip of [0, 1, 2, 37, 999, 4321]) {
        const jumped = createRng(seed, skip);
        expect(
          Array.from({ length: 5000 - skip }, () => jumped.nextUint32()),
          `seed ${seed}, skip ${skip}`,
        ).toEqual(stream.slice(skip));
      }
    }
  });

  it("wraps the state modulo 2^32 for skips beyond 2^32 draws", () => {
    // The state adds 0x6d2b79f5 per draw: after 2^32 draws it is back where it started.
    const a = createRng(7, 2 ** 32 + 3);
    const b = createRng(7, 3);
    expect([1, 2, 3].map(() => a.nextUint32())).toEqual([1, 2, 3].map(() => b.nextUint32()));
    expect(() => createRng(7, -1)).toThrow(RangeError);
    expect(() => createRng(7, 1.5)).toThrow(RangeError);
  });
});
