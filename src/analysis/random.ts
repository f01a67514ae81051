/** A seeded pseudo-random source: `next()` returns a float in [0, 1). */
export interface Rng {
  next(): number;
  /** Integer in [0, n). */
  nextInt: (n: number) => number;
  /** Raw 32-bit unsigned output (exposed so the generator can be checked against its C reference). */
  nextUint32(): number;
}

/** What mulberry32 adds to its state at every draw. */
const STEP = 0x6d2b79f5;

/**
 * mulberry32 (Tommy Ettinger): tiny, fast and good enough for resampling; its 2^32 period is far more
 * than a bootstrap of 1,000 × 35,000 draws uses. `skip` starts the stream `skip` draws after `seed`:
 * the state only ever adds a constant, so any point of the stream is one multiplication away, and
 * bootstrap replicates can start on another thread exactly where they would have started in one.
 */
export function createRng(seed: number, skip = 0): Rng {
  if (!(Number.isSafeInteger(skip) && skip >= 0)) throw new RangeError(`skip must be a whole number ≥ 0 (got ${skip})`);
  // Math.imul takes both factors modulo 2^32 and keeps the low 32 bits of the product: exact for any safe integer.
  // In a typed array, not a closure variable: a state above 2^30 in a variable is a boxed number,
  // and every draw would allocate a new one (35 million per bootstrap of 35,000 citizens).
  const state = new Uint32Array([((seed >>> 0) + Math.imul(skip, STEP)) >>> 0]);
  const nextUint32 = (): number => {
    state[0] += STEP;
    let z = state[0];
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  };
  const next = (): number => nextUint32() / 4294967296;
  // Multiply-shift instead of modulo: the bias is below n / 2^32, negligible for survey sizes.
  const nextInt = (n: number): number => Math.floor(next() * n);
  return { next, nextInt, nextUint32 };
}
