/**
 * The cell-key method of the Australian Bureau of Statistics (TableBuilder) and the UK ONS, as in
 * the R package cellKey: every record carries a fixed random key; a cell's key is the sum of its
 * records' keys modulo 1; the noise added to the cell's count is read from a perturbation table
 * at the cell's count and key. The same records always give the same noise, so asking again gains
 * nothing, while a difference of two cells is the difference of two independent noises.
 * Pure: no database, no randomness of its own (the record keys are drawn when a response is stored).
 */

/** Record keys are integers in [0, KEY_RANGE); a cell key is their sum modulo KEY_RANGE, over KEY_RANGE. */
export const KEY_RANGE = 2 ** 32;

/** One row of the perturbation table: for a true count, the possible noises and their probabilities. */
export interface PerturbationRow {
  noise: readonly number[];
  probability: readonly number[];
}

export interface PerturbationTable {
  /** Rows for true counts 0 .. rows.length − 1; larger counts use the last row. */
  rows: readonly PerturbationRow[];
  /** Largest absolute noise in the table. */
  maxNoise: number;
  /** Counts from 1 to smallCount − 1 are never published exactly and are withheld when the perturbed value falls there. */
  smallCount: number;
}

/**
 * The large-count noise: −5..+5, symmetric, variance 2.133, exact (no noise) with probability 0.30.
 * The tails ±4, ±5 are rare on purpose: a reader who adds and subtracts published counts can only be
 * sure of a value when every noise of a relation sits at the end of the range, and rare ends make that
 * practically never happen, while the noise stays within ±3 in 99.8 % of cells.
 */
const LARGE: PerturbationRow = {
  noise: [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5],
  probability: [0.0005, 0.0005, 0.05, 0.099, 0.2, 0.3, 0.2, 0.099, 0.05, 0.0005, 0.0005],
};

/**
 * The published table (docs/disclosure-policy.md). Zero stays zero; no count goes below zero; a
 * true count of 1 to 4 is never published as itself; every row has mean noise 0, so totals stay
 * unbiased. A perturbed value of 1 to 4 is withheld («dato non pubblicato»), never printed.
 */
export const PERTURBATION_TABLE: PerturbationTable = {
  rows: [
    { noise: [0], probability: [1] },
    { noise: [-1, 1, 3], probability: [0.6, 0.3, 0.1] },
    { noise: [-2, -1, 1, 2, 3], probability: [0.3, 0.225, 0.225, 0.15, 0.1] },
    { noise: [-3, -2, -1, 1, 2, 3], probability: [0.05, 0.15, 0.3, 0.3, 0.15, 0.05] },
    { noise: [-3, -2, -1, 1, 2, 3], probability: [0.05, 0.15, 0.3, 0.3, 0.15, 0.05] },
    LARGE,
  ],
  maxNoise: 5,
  smallCount: 5,
};

/** The table that changes nothing: the exact report built by the CLI with --unprotected. */
export const NO_PERTURBATION: PerturbationTable = {
  rows: [{ noise: [0], probability: [1] }],
  maxNoise: 0,
  smallCount: 0,
};

/** The row of a true count. */
export function perturbationRow(count: number, table: PerturbationTable = PERTURBATION_TABLE): PerturbationRow {
  return table.rows[Math.min(count, table.rows.length - 1)];
}

/** Adds one record key to a running key sum (kept below KEY_RANGE, so sums stay exact integers). */
export function addKey(sum: number, key: number): number {
  return (sum + key) % KEY_RANGE;
}

/** The cell key in [0, 1) of a set of records, from their record keys. */
export function cellKey(keys: Iterable<number>): number {
  let sum = 0;
  for (const k of keys) sum = addKey(sum, k);
  return sum / KEY_RANGE;
}

/** The noise the table gives a cell of this count and key: the first noise whose cumulative probability passes the key. */
export function noiseFor(count: number, key: number, table: PerturbationTable = PERTURBATION_TABLE): number {
  const row = perturbationRow(count, table);
  let cumulative = 0;
  for (let i = 0; i < row.noise.length; i++) {
    cumulative += row.probability[i];
    if (key < cumulative) return row.noise[i];
  }
  return row.noise[row.noise.length - 1];
}

/** The perturbed count (never negative: the table is built so). */
export function perturbCount(count: number, keySum: number, table: PerturbationTable = PERTURBATION_TABLE): number {
  if (count <= 0) return 0;
  return count + noiseFor(count, keySum / KEY_RANGE, table);
}

/**
 * The count as published: the perturbed count, or null when it falls between 1 and smallCount − 1
 * (withheld). Zero is published as zero: a perturbed count is zero only when the cell is empty or
 * a small count was perturbed down, so a published 0 does not say that nobody is there.
 */
export function publishCount(
  count: number,
  keySum: number,
  table: PerturbationTable = PERTURBATION_TABLE,
): number | null {
  const p = perturbCount(count, keySum, table);
  return p > 0 && p < table.smallCount ? null : p;
}

/** Mean and variance of the noise of a row. */
export function rowMoments(row: PerturbationRow): { mean: number; variance: number } {
  const mean = row.noise.reduce((s, d, i) => s + d * row.probability[i], 0);
  const variance = row.noise.reduce((s, d, i) => s + (d - mean) ** 2 * row.probability[i], 0);
  return { mean, variance };
}

/**
 * The probability that a sum of independent noises with signs is exactly 0: how often a reader who
 * adds and subtracts published counts lands on a true count. Each term is the true count of one cell
 * (its row) and its sign in the relation.
 */
export function exactHitProbability(
  terms: ReadonlyArray<{ count: number; sign: 1 | -1 }>,
  table: PerturbationTable = PERTURBATION_TABLE,
): number {
  return noiseSumDistribution(terms, table).get(0) ?? 0;
}

/** The distribution of a sum of independent noises with signs: noise total → probability. */
export function noiseSumDistribution(
  terms: ReadonlyArray<{ count: number; sign: 1 | -1 }>,
  table: PerturbationTable = PERTURBATION_TABLE,
): Map<number, number> {
  let dist = new Map<number, number>([[0, 1]]);
  for (const t of terms) {
    const row = perturbationRow(t.count, table);
    const next = new Map<number, number>();
    for (const [s, p] of dist) {
      row.noise.forEach((d, i) => {
        const v = s + t.sign * d;
        next.set(v, (next.get(v) ?? 0) + p * row.probability[i]);
      });
    }
    dist = next;
  }
  return dist;
}

/**
 * The true counts a reader who knows the table can't rule out from a published value: those whose
 * row can move them to it (for a withheld value, null: those that can land between 1 and smallCount − 1).
 */
export function possibleTrueCounts(
  published: number | null,
  table: PerturbationTable = PERTURBATION_TABLE,
  limit = 1_000_000,
): number[] {
  const lo = published === null ? 1 : Math.max(0, published - table.maxNoise);
  const hi = published === null ? table.smallCount - 1 + table.maxNoise : Math.min(limit, published + table.maxNoise);
  const out: number[] = [];
  for (let t = lo; t <= hi; t++) {
    const noise = perturbationRow(t, table).noise;
    const ok =
      published === null
        ? noise.some((d) => t > 0 && t + d > 0 && t + d < table.smallCount)
        : noise.some((d) => (t === 0 ? 0 : t + d) === published);
    if (ok) out.push(t);
  }
  return out;
}
