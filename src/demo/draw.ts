import { createRng, type Rng } from "../analysis/random.js";

/** Sampling helpers over the shared seeded generator (src/analysis/random.ts): no Math.random anywhere. */
export class Draw {
  constructor(readonly rng: Rng) {}

  /** True with probability p. */
  chance(p: number): boolean {
    return this.rng.next() < p;
  }

  /** One key of a table of non-negative weights, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Partial<Record<K, number>>> | ReadonlyArray<readonly [K, number]>): K {
    const entries = (Array.isArray(weights) ? weights : Object.entries(weights)) as [K, number][];
    const total = entries.reduce((s, [, w]) => s + w, 0);
    let u = this.rng.next() * total;
    for (const [key, w] of entries) {
      u -= w;
      if (u < 0) return key;
    }
    return entries[entries.length - 1][0];
  }

  /** Index drawn from weights (for column positions). */
  index(weights: readonly number[]): number {
    return Number(this.weighted(weights.map((w, i) => [String(i), w] as const)));
  }

  /** A whole number from min to max, both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.rng.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[this.rng.nextInt(items.length)];
  }

  /** Standard normal (Box–Muller; one of the pair is discarded, simplicity over speed). */
  normal(): number {
    const u = 1 - this.rng.next();
    const v = this.rng.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** A score on an integer scale around a mean, clipped to [min, max]. */
  scale(mean: number, sd: number, min: number, max: number): number {
    return Math.min(max, Math.max(min, Math.round(mean + sd * this.normal())));
  }

  /** k distinct keys drawn without replacement, each time proportionally to the remaining weights. */
  without<K extends string>(weights: Readonly<Record<K, number>>, k: number): K[] {
    const left = { ...weights } as Record<K, number>;
    const out: K[] = [];
    while (out.length < k && Object.values<number>(left).some((w) => w > 0)) {
      const key = this.weighted(left);
      out.push(key);
      delete left[key];
    }
    return out;
  }
}

/**
 * An independent stream per respondent: respondent i of a seed is the same whatever the sample size,
 * so `--citizens 800` is a prefix of `--citizens 2000` with the same seed.
 */
export function streamFor(seed: number, kind: number, index: number): Draw {
  let h = (seed ^ Math.imul(kind + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = (h + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0x27d4eb2f) >>> 0;
  return new Draw(createRng((h ^ (h >>> 16)) >>> 0));
}

/** A UUID-shaped id (version 4 layout) from the stream, so synthetic ids look like real ones and repeat with the seed. */
export function uuidFrom(draw: Draw): string {
  const hex = Array.from({ length: 4 }, () => draw.rng.nextUint32().toString(16).padStart(8, "0")).join("");
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
