import type { CitizenColumns } from "../../src/analysis/columns.js";

const range = (from: number, to: number): number[] => Array.from({ length: to - from }, (_, k) => from + k);

/**
 * Columns as plain per-citizen data, whatever the order of their service columns: two column sets
 * hold the same citizens exactly when these are equal (the uses keep their order; NaN equals NaN).
 */
export function canonical(c: CitizenColumns) {
  return {
    n: c.n,
    strata: [...c.strata],
    weight: [...c.weight],
    categories: [...c.categories],
    uses: range(0, c.n).map((i) =>
      range(c.useStart[i], c.useStart[i + 1]).map((u) => [
        c.codes[c.useCode[u]],
        c.frequency[u],
        c.offices[u],
        c.repeatVisits[u],
        c.timeLost[u],
        c.satisfaction[u],
      ]),
    ),
    importance: range(0, c.n).map((i) =>
      Object.fromEntries(
        c.codes.flatMap((code, k) => (Number.isNaN(c.importance[k][i]) ? [] : [[code, c.importance[k][i]]])),
      ),
    ),
    ranking: range(0, c.n).map((i) => range(c.rankStart[i], c.rankStart[i + 1]).map((e) => c.codes[c.rankCode[e]])),
  };
}
