/** A seeded pseudo-random source: `next()` returns a float in [0, 1). */
export interface Rng {
  next(): number;
  /** Integer in [0, n). */
  nextInt(n: number): number;
  /** Raw 32-bit unsigned output (exposed so the generator can be checked against its C reference). */
  nextUint32(): number;
}

/**
 * mulberry32 (Tommy Ettinger): tiny, fast and good enough for resampling; its 2^32 period is far more
 * than a bootstrap of 1,000 × 35,000 draws uses.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const nextUint32 = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  };
  const next = (): number => nextUint32() / 4294967296;
  // Multiply-shift instead of modulo: the bias is below n / 2^32, negligible for survey sizes.
  const nextInt = (n: number): number => Math.floor(next() * n);
  return { next, nextInt, nextUint32 };
}
