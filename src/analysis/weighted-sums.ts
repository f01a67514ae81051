import type { Contributions } from "./contributions.js";

/** Σ_i w_i · contribution_i into `out`. */
export function weightedSums(c: Contributions, weights: Float64Array, out: Float64Array): Float64Array {
  const { rows, width, slotOffsets, entryRows, entryValues, countSlots, dense, denseSlots } = c;
  for (let s = 0; s < width; s++) {
    let acc = 0;
    const end = slotOffsets[s + 1];
    if (countSlots[s]) for (let e = slotOffsets[s]; e < end; e++) acc += weights[entryRows[e]];
    else for (let e = slotOffsets[s]; e < end; e++) acc += weights[entryRows[e]] * entryValues[e];
    out[s] = acc;
  }
  for (let k = 0; k < denseSlots.length; k++) {
    let acc = 0;
    for (let i = 0, base = k * rows; i < rows; i++) acc += weights[i] * dense[base + i];
    out[denseSlots[k]] += acc;
  }
  return out;
}

/** Replicates handled per pass over the contributions by weightedSums4. */
export const LANES = 4;

/**
 * weightedSums for four weight vectors at once, interleaved (weights[4i + r] is lane r's weight of
 * row i; out[4s + r] lane r's sum for slot s). Each pass over the data then serves four bootstrap
 * replicates, which cut the time per replicate by about half; each lane sums in the same order as
 * weightedSums, so the results are identical.
 */
export function weightedSums4(c: Contributions, weights: Float64Array, out: Float64Array): Float64Array {
  const { rows, width, slotOffsets, entryRows, entryValues, countSlots, dense, denseSlots } = c;
  for (let s = 0; s < width; s++) {
    let a = 0,
      b = 0,
      x = 0,
      y = 0;
    const end = slotOffsets[s + 1];
    if (countSlots[s]) {
      for (let e = slotOffsets[s]; e < end; e++) {
        const r = entryRows[e] << 2;
        a += weights[r];
        b += weights[r + 1];
        x += weights[r + 2];
        y += weights[r + 3];
      }
    } else {
      for (let e = slotOffsets[s]; e < end; e++) {
        const r = entryRows[e] << 2;
        const v = entryValues[e];
        a += weights[r] * v;
        b += weights[r + 1] * v;
        x += weights[r + 2] * v;
        y += weights[r + 3] * v;
      }
    }
    out[4 * s] = a;
    out[4 * s + 1] = b;
    out[4 * s + 2] = x;
    out[4 * s + 3] = y;
  }
  for (let k = 0; k < denseSlots.length; k++) {
    let a = 0,
      b = 0,
      x = 0,
      y = 0;
    for (let i = 0, base = k * rows; i < rows; i++) {
      const v = dense[base + i];
      const r = i << 2;
      a += weights[r] * v;
      b += weights[r + 1] * v;
      x += weights[r + 2] * v;
      y += weights[r + 3] * v;
    }
    const o = 4 * denseSlots[k];
    out[o] += a;
    out[o + 1] += b;
    out[o + 2] += x;
    out[o + 3] += y;
  }
  return out;
}
