import { MIN_CELL } from "../analysis/suppression.js";
import {
  addKey,
  KEY_RANGE,
  NO_PERTURBATION,
  PERTURBATION_TABLE,
  publishCount,
  type PerturbationTable,
} from "../analysis/cell-key.js";

/**
 * The protection layer of the report (docs/disclosure-policy.md): every count the report publishes
 * goes through `count`, which perturbs it with the cell-key method from the record keys of the
 * people in it; shares and means are then derived from the perturbed counts, so that a share and
 * its count never disagree. The exact report (CLI `report --unprotected`) uses the same code with
 * the table that changes nothing.
 */

/** Why a value is missing from the published report. */
export type WithheldReason = "small" | "view" | "derived";

export const WITHHELD_REASONS: Record<WithheldReason, string> = {
  small: `Il valore, dopo la perturbazione, riguarda meno di ${MIN_CELL} persone: non è pubblicato.`,
  view: "La vista riguarda meno persone del minimo pubblicabile: non è pubblicata.",
  derived: "Il valore si calcola da un conteggio non pubblicato: non è pubblicato neppure lui.",
};

export interface Protection {
  /** True for every published output; false only for the CLI's exact report. */
  perturbed: boolean;
  table: PerturbationTable;
  /** The count of a cell as published, from its true count and the sum of its records' keys. */
  count(n: number, keySum: number): number | null;
  /** The count of the records at the given positions of `keys`. */
  countOf(keys: ArrayLike<number>, include: (i: number) => boolean): number | null;
}

export function protection(perturbed = true): Protection {
  const table = perturbed ? PERTURBATION_TABLE : NO_PERTURBATION;
  const count = (n: number, keySum: number): number | null => publishCount(n, keySum, table);
  return {
    perturbed,
    table,
    count,
    countOf(keys, include) {
      const { n, sum } = keySumOf(keys, include);
      return count(n, sum);
    },
  };
}

/** The number of records and the sum of their keys, for those the predicate includes. */
export function keySumOf(keys: ArrayLike<number>, include: (i: number) => boolean): { n: number; sum: number } {
  let n = 0;
  let sum = 0;
  for (let i = 0; i < keys.length; i++) {
    if (!include(i)) continue;
    n++;
    sum = addKey(sum, keys[i]);
  }
  return { n, sum };
}

/** A running tally of a cell: its true count and key sum. */
export class Tally {
  n = 0;
  sum = 0;
  add(key: number): void {
    this.n++;
    this.sum = addKey(this.sum, key);
  }
}

/** Record key of a stored response; a row the key migration missed counts as key 0 (it only loses its own noise). */
export function recordKey(r: { cellKey?: number | null }): number {
  const k = r.cellKey;
  return typeof k === "number" && k >= 0 && k < KEY_RANGE ? k : 0;
}

/**
 * A weighted quantity adjusted to its perturbed count, as the ABS does for weighted estimates: the
 * weighted total is scaled by published/true count, so a cell published as 0 has weight 0 and a
 * withheld cell has none.
 */
export function adjustWeighted(total: number, n: number, published: number | null): number | null {
  if (published === null) return null;
  if (n === 0 || published === 0) return 0;
  return (total * published) / n;
}

/** Rounding of published means and criteria: enough for the giunta, too little to solve for a count. */
export function roundTo(x: number | null, decimals: number): number | null {
  if (x === null || !Number.isFinite(x)) return null;
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
