/**
 * The experimental design of a best–worst (MaxDiff) question: for each design version, `sets` sets
 * of `size` distinct items. Built deterministically from the items and a seed, so the same
 * definition always gives the same design (a stored version number keeps its meaning) and nothing
 * needs storing beside the definition. Properties (docs/maxdiff.md):
 * - within a version every item appears ⌊sets·size/n⌋ or ⌈sets·size/n⌉ times, and over all versions
 *   the counts differ by at most one;
 * - pairs are spread as evenly as a greedy build and a swap search can make them (no exact balanced
 *   incomplete block design exists for most sizes, e.g. 32 items in sets of 4);
 * - each item's positions within the sets are balanced across versions (against order effects).
 */
export type Design = string[][][];

export interface DesignSpec {
  items: readonly string[];
  sets: number;
  size: number;
  versions: number;
  seed: string;
}

export function buildDesign(spec: DesignSpec): Design {
  const { items, sets, size, versions } = spec;
  const n = items.length;
  if (n < size) throw new Error(`a best–worst design needs at least ${size} items, got ${n}`);
  const rng = seededRandom(spec.seed);
  const totals = new Int32Array(n);
  const pairs = new Int32Array(n * n);
  const positions = new Int32Array(n * size);
  const design: Design = [];
  for (let v = 0; v < versions; v++) {
    const counts = versionCounts(n, sets * size, totals, rng);
    const blocks = improve(fillBlocks(counts, sets, size, pairs, rng), pairs, n, rng);
    for (const block of blocks) {
      for (const i of block) totals[i]++;
      for (let a = 0; a < block.length; a++) {
        for (let b = a + 1; b < block.length; b++) {
          pairs[block[a] * n + block[b]]++;
          pairs[block[b] * n + block[a]]++;
        }
      }
    }
    design.push(blocks.map((block) => orderBlock(block, positions, size, rng).map((i) => items[i])));
  }
  return design;
}

/** How often each item appears in this version: the remainder goes to the items shown least so far. */
function versionCounts(n: number, slots: number, totals: Int32Array, rng: () => number): Int32Array {
  const base = Math.floor(slots / n);
  const counts = new Int32Array(n).fill(base);
  const order = shuffled(n, rng).sort((a, b) => totals[a] - totals[b]);
  for (let e = 0; e < slots - base * n; e++) counts[order[e]]++;
  return counts;
}

/** Greedy: each slot takes the item that adds the fewest repeated pairs; forced items first. */
function fillBlocks(counts: Int32Array, sets: number, size: number, pairs: Int32Array, rng: () => number): number[][] {
  const n = counts.length;
  const remaining = Int32Array.from(counts);
  const blocks: number[][] = [];
  for (let b = 0; b < sets; b++) {
    const block: number[] = [];
    const setsLeft = sets - b;
    for (let j = 0; j < size; j++) {
      let best = -1;
      let bestScore = Infinity;
      for (const i of shuffled(n, rng)) {
        if (remaining[i] === 0 || block.includes(i)) continue;
        // An item with as many copies left as sets left must go in every remaining set.
        const forced = remaining[i] >= setsLeft ? -1e9 : 0;
        let score = forced - remaining[i] * 1e-3;
        for (const k of block) score += pairs[i * n + k] * 10 + 1e-6;
        if (score < bestScore) {
          bestScore = score;
          best = i;
        }
      }
      if (best < 0) throw new Error("best–worst design: no item left for a set (sets × size too large for the items)");
      block.push(best);
      remaining[best]--;
    }
    blocks.push(block);
  }
  return blocks;
}

/** Swaps items between sets while that lowers Σ (pair count)², the pairs of earlier versions included. */
function improve(blocks: number[][], history: Int32Array, n: number, rng: () => number): number[][] {
  const pairs = Int32Array.from(history);
  const bump = (block: number[], i: number, by: number): void => {
    for (const k of block) {
      if (k === i) continue;
      pairs[i * n + k] += by;
      pairs[k * n + i] += by;
    }
  };
  for (const block of blocks) {
    for (let a = 0; a < block.length; a++) {
      for (let b = a + 1; b < block.length; b++) {
        pairs[block[a] * n + block[b]]++;
        pairs[block[b] * n + block[a]]++;
      }
    }
  }
  const cost = (i: number, block: number[], without: number): number => {
    let c = 0;
    for (const k of block) if (k !== without) c += pairs[i * n + k];
    return c;
  };
  const tries = blocks.length < 2 ? 0 : 400 * blocks.length;
  for (let t = 0; t < tries; t++) {
    const a = Math.floor(rng() * blocks.length);
    const b = Math.floor(rng() * blocks.length);
    if (a === b) continue;
    const A = blocks[a];
    const B = blocks[b];
    const p = Math.floor(rng() * A.length);
    const q = Math.floor(rng() * B.length);
    const x = A[p];
    const y = B[q];
    if (x === y || A.includes(y) || B.includes(x)) continue;
    // Σ c² changes by 2c + 1 per added pair and −2c + 1 per removed one (c counted before the swap,
    // so each removed pair's c includes this set's own): keep the swap only if the sum goes down.
    const removed = cost(x, A, x) + cost(y, B, y);
    const added = cost(y, A, x) + cost(x, B, y);
    if (2 * (added - removed) + 2 * (A.length - 1 + B.length - 1) >= 0) continue;
    bump(A, x, -1);
    bump(B, y, -1);
    A[p] = y;
    B[q] = x;
    bump(A, y, 1);
    bump(B, x, 1);
  }
  return blocks;
}

/** Orders a set so each item goes where it has stood least often (every order tried for small sets). */
function orderBlock(block: number[], positions: Int32Array, size: number, rng: () => number): number[] {
  const orders = block.length <= 5 ? permutations(block) : [shuffledOf(block, rng)];
  let best = orders[0];
  let bestCost = Infinity;
  for (const order of orders) {
    let c = 0;
    order.forEach((i, p) => (c += positions[i * size + p] ** 2));
    if (c < bestCost) {
      bestCost = c;
      best = order;
    }
  }
  best.forEach((i, p) => positions[i * size + p]++);
  return best;
}

function permutations(list: number[]): number[][] {
  if (list.length <= 1) return [list.slice()];
  return list.flatMap((x, i) => permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [x, ...rest]));
}

function shuffled(n: number, rng: () => number): number[] {
  return shuffledOf(
    Array.from({ length: n }, (_, i) => i),
    rng,
  );
}

function shuffledOf(list: number[], rng: () => number): number[] {
  const out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** FNV-1a of the text, then mulberry32: small, portable, the same on every machine. */
export function seededRandom(seed: string): () => number {
  let state = hashText(seed);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A frozen design must have the shape the question declares and show only (and every one of) its items. */
export function checkDesign(
  q: { design?: Design; versions: number; sets: number; size: number },
  path: string,
  items: Set<string>,
  report: (path: string, message: string) => void,
): void {
  const design = q.design ?? [];
  if (design.length !== q.versions)
    return report(`${path}.design`, `il disegno ha ${design.length} versioni invece di ${q.versions}`);
  const shown = new Set<string>();
  design.forEach((version, v) => {
    if (version.length !== q.sets)
      report(`${path}.design[${v}]`, `la versione ${v + 1} ha ${version.length} gruppi invece di ${q.sets}`);
    version.forEach((set, s) => {
      const at = `${path}.design[${v}][${s}]`;
      if (set.length !== q.size) report(at, `il gruppo ha ${set.length} voci invece di ${q.size}`);
      if (new Set(set).size !== set.length) report(at, "una voce è ripetuta nello stesso gruppo");
      for (const item of set) {
        if (!items.has(item)) report(at, `"${item}" non è una delle voci della domanda`);
        shown.add(item);
      }
    });
  });
  const missing = [...items].filter((i) => !shown.has(i));
  if (missing.length) {
    report(
      `${path}.design`,
      `non compaiono nel disegno: ${missing.join(", ")} (tolga "design" per rigenerarlo dalle voci di ora; nel progettista basta salvare di nuovo la domanda)`,
    );
  }
}
