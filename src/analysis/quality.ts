export interface SpeederReport {
  median: number | null;
  threshold: number | null;
  /** Indices of responses faster than a third of the median completion time. */
  flagged: number[];
}

/** Speeders: completion time under ⅓ of the median (null or missing times are not judged). */
export function findSpeeders(durations: ReadonlyArray<number | null | undefined>, fraction = 1 / 3): SpeederReport {
  const known = durations.filter((d): d is number => typeof d === "number").sort((a, b) => a - b);
  if (known.length === 0) return { median: null, threshold: null, flagged: [] };
  const mid = known.length >> 1;
  const median = known.length % 2 ? known[mid] : (known[mid - 1] + known[mid]) / 2;
  const threshold = median * fraction;
  const flagged: number[] = [];
  durations.forEach((d, i) => {
    if (typeof d === "number" && d < threshold) flagged.push(i);
  });
  return { median, threshold, flagged };
}

/**
 * Straight-lining: the same answer on every row of a grid, judged only when at least minRows rows
 * were answered (two or three equal answers are too often honest). Returns the flagged indices.
 */
export function findStraightLiners(
  grids: ReadonlyArray<ReadonlyArray<number | null | undefined>>,
  minRows = 4,
): number[] {
  const flagged: number[] = [];
  grids.forEach((rows, i) => {
    const answered = rows.filter((v): v is number => typeof v === "number");
    if (answered.length >= minRows && answered.every((v) => v === answered[0])) flagged.push(i);
  });
  return flagged;
}

function canonical(value: unknown): string {
  return flatKey(value) ?? general(value);
}

/**
 * The common case, a stored answer set (text values only): general()'s very text, written by
 * JSON.stringify in one native call (one flat string, none per key). Stored answers come with their
 * keys in order, so the sort is needed only for objects built otherwise.
 */
function flatKey(value: unknown): string | null {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return null;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let sorted = true;
  for (let k = 0; k < keys.length; k++) {
    const v = record[keys[k]];
    if (v !== undefined && typeof v !== "string") return null;
    if (k > 0 && keys[k - 1] > keys[k]) sorted = false;
  }
  // Undefined values are left out by JSON.stringify, as by general().
  return sorted ? JSON.stringify(record) : JSON.stringify(record, keys.sort());
}

function general(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(general).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${general(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export interface DuplicateReport {
  /** Groups of indices with identical answers, each in input order. */
  groups: number[][];
  /** Every member of a group but the first: the likely repeats. */
  flagged: number[];
}

/** Duplicate submissions: identical answer sets (key order and undefined fields do not matter). */
export function findDuplicates(answerSets: ReadonlyArray<unknown>): DuplicateReport {
  const byKey = new Map<string, number[]>();
  answerSets.forEach((a, i) => {
    const key = canonical(a);
    const g = byKey.get(key);
    if (g) g.push(i);
    else byKey.set(key, [i]);
  });
  const groups = [...byKey.values()].filter((g) => g.length > 1);
  return { groups, flagged: groups.flatMap((g) => g.slice(1)) };
}
