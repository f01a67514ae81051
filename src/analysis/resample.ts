import type { CompiledMargins } from "./ipf.js";
import type { Rng } from "./random.js";

/** Units grouped by stratum: members[offsets[h] .. offsets[h + 1]) belong to stratum h. */
export interface Strata {
  labels: string[];
  offsets: Int32Array;
  members: Int32Array;
}

export function groupByStratum(keys: readonly string[]): Strata {
  const groups = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const g = groups.get(k);
    if (g) g.push(i);
    else groups.set(k, [i]);
  });
  const labels = [...groups.keys()];
  const offsets = new Int32Array(labels.length + 1);
  const members = new Int32Array(keys.length);
  let at = 0;
  labels.forEach((label, h) => {
    offsets[h] = at;
    for (const i of groups.get(label)!) members[at++] = i;
  });
  offsets[labels.length] = at;
  return { labels, offsets, members };
}

/** With-replacement resample of each stratum to its own size, as multiplicities per unit. */
export function drawWithinStrata(strata: Strata, rng: Rng, counts: Int32Array): Int32Array {
  counts.fill(0);
  const { offsets, members } = strata;
  const nextInt = rng.nextInt;
  for (let h = 0; h < strata.labels.length; h++) {
    const start = offsets[h];
    const size = offsets[h + 1] - start;
    for (let j = 0; j < size; j++) counts[members[start + nextInt(size)]]++;
  }
  return counts;
}

/**
 * Raking only ever multiplies a unit's weight by factors of its categories, so units sharing every
 * category keep the same ratio to their starting weight. Raking the few cells of the cross
 * classification instead of every unit makes a replicate's re-raking cost almost nothing.
 */
export function collapseToCells(margins: CompiledMargins): { cellOf: Int32Array; cells: CompiledMargins } {
  const V = margins.codes.length;
  const index = new Map<string, number>();
  const cellOf = new Int32Array(margins.units);
  const cellCodes: number[][] = margins.codes.map(() => []);
  for (let i = 0; i < margins.units; i++) {
    let key = "";
    for (let v = 0; v < V; v++) key += margins.codes[v][i] + ",";
    let c = index.get(key);
    if (c === undefined) {
      c = index.size;
      index.set(key, c);
      for (let v = 0; v < V; v++) cellCodes[v].push(margins.codes[v][i]);
    }
    cellOf[i] = c;
  }
  return {
    cellOf,
    cells: { ...margins, codes: cellCodes.map((c) => Int32Array.from(c)), units: index.size },
  };
}
