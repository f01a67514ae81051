export const MIN_CELL = 5;
export const FLAG_BASE = 30;

export type SuppressionReason = "small" | "complementary";

export interface CellDisclosure {
  count: number;
  suppressed: boolean;
  reason: SuppressionReason | null;
}

/**
 * Primary suppression of cells with 0 < n < minCount, then complementary suppression: wherever a
 * group of cells adds up to a published total (a row, a column, a question's categories) and exactly
 * one of its cells is hidden, the next smallest cell is hidden too, so subtraction cannot recover it.
 * Repeats until stable, because hiding a cell in one group can leave another with a single hidden cell.
 * Zero cells are not suppressed: nobody's answer is disclosed by them.
 */
export function suppressCells(
  counts: readonly number[],
  groups: ReadonlyArray<readonly number[]>,
  minCount: number = MIN_CELL,
): CellDisclosure[] {
  const cells: CellDisclosure[] = counts.map((count) => {
    const small = count > 0 && count < minCount;
    return { count, suppressed: small, reason: small ? "small" : null };
  });
  for (let changed = true; changed;) {
    changed = false;
    for (const group of groups) {
      const hidden = group.filter((i) => cells[i].suppressed);
      if (hidden.length !== 1) continue;
      const open = group.filter((i) => !cells[i].suppressed);
      if (open.length === 0) continue;
      // Prefer a non-zero complement: a hidden zero that everyone could guess protects nothing.
      const positive = open.filter((i) => cells[i].count > 0);
      const pool = positive.length > 0 ? positive : open;
      const next = pool.reduce((a, b) => (cells[b].count < cells[a].count ? b : a));
      cells[next] = { ...cells[next], suppressed: true, reason: "complementary" };
      changed = true;
    }
  }
  return cells;
}

/** Percentages on fewer than 30 respondents are shown with a warning. */
export function isSmallBase(n: number, threshold: number = FLAG_BASE): boolean {
  return n < threshold;
}
