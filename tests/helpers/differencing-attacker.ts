import { noiseSumDistribution, possibleTrueCounts } from "../../src/analysis/cell-key.js";

/**
 * A reader who subtracts and adds published counts, as in docs/disclosure-policy.md. It knows nothing of
 * the implementation: it gets, for every view it could pull, the counts of the report contract
 * (countsOf: JSON path → number, null when withheld), and writes every relation it can:
 *  - across views: for a filter whose values split the sample, the whole view's cell minus the
 *    same cell in every other value's view is the cell of the view left out (served or not);
 *  - within a view: a total minus the other members of a group of sibling counts is the one left out
 *    (categories of a question from its base, areas from the staff total, channels from the total,
 *    training levels from those who answered), and any count minus another of the same entry is a third
 *    one of that entry (base − n of the mean is the «non so» count).
 * The evaluator then holds each estimate against the true count (from the exact report) and against
 * what the noise table predicts for that very relation.
 */

export type Counts = Map<string, number | null>;

export interface Relation {
  /** The cell the reader wants: view and path. */
  view: string;
  path: string;
  /** Published counts used, with their sign: view, path, value. */
  terms: { view: string; path: string; sign: 1 | -1; value: number }[];
}

export function estimateOf(r: Relation): number {
  return r.terms.reduce((s, t) => s + t.sign * t.value, 0);
}

/** Relations across views: views[all] minus the views of every other value of one filter. */
export function crossViewRelations(
  all: string,
  partitions: string[][],
  views: ReadonlyMap<string, Counts>,
  paths: Iterable<string>,
): Relation[] {
  const out: Relation[] = [];
  const whole = views.get(all);
  if (!whole) return out;
  for (const path of paths) {
    const total = whole.get(path);
    if (total === null || total === undefined) continue;
    for (const values of partitions) {
      for (const left of values) {
        const terms: Relation["terms"] = [{ view: all, path, sign: 1, value: total }];
        let complete = true;
        for (const v of values) {
          if (v === left) continue;
          const value = views.get(v)?.get(path);
          if (value === null || value === undefined) {
            complete = false;
            break;
          }
          terms.push({ view: v, path, sign: -1, value });
        }
        if (complete) out.push({ view: left, path, terms });
      }
    }
  }
  return out;
}

/** The entry a path belongs to: `questions.eta`, `staff.training.overall.x`, `responses`… (its first object with several counts). */
function entryOf(path: string): string {
  const parts = path.split(/\.(?![^[]*\])/);
  return parts.slice(0, Math.min(2, parts.length - 1)).join(".");
}

/** Relations within one view: group complements and differences of two counts of one entry. */
export function withinViewRelations(view: string, counts: Counts): Relation[] {
  const out: Relation[] = [];
  const published = [...counts].filter((e): e is [string, number] => e[1] !== null);
  // Groups of siblings: paths equal but for one segment.
  const groups = new Map<string, string[]>();
  for (const [path] of counts) {
    const segs = path.split(".");
    for (let j = 0; j < segs.length; j++) {
      const key = [...segs.slice(0, j), "*", ...segs.slice(j + 1)].join(".");
      groups.set(key, [...(groups.get(key) ?? []), path]);
    }
  }
  const value = (p: string) => counts.get(p);
  for (const [key, members] of groups) {
    if (members.length < 2 || members.length > 60) continue;
    const star = key.split(".").indexOf("*");
    const container = key.split(".").slice(0, star).join(".");
    const parent = container.includes(".") ? container.slice(0, container.lastIndexOf(".")) : "";
    // Totals: counts that are fields of the container's parent object, or members of the group itself.
    const totals = [
      ...published
        .map(([p]) => p)
        .filter(
          (p) =>
            parent &&
            p.startsWith(`${parent}.`) &&
            p.split(".").length === parent.split(".").length + 1 &&
            !members.includes(p),
        ),
      ...members,
    ];
    for (const total of totals) {
      const t = value(total);
      if (t === null || t === undefined) continue;
      for (const left of members) {
        if (left === total) continue;
        const others = members.filter((m) => m !== left && m !== total);
        if (others.some((m) => value(m) === null || value(m) === undefined)) continue;
        out.push({
          view,
          path: left,
          terms: [
            { view, path: total, sign: 1, value: t },
            ...others.map((m) => ({ view, path: m, sign: -1 as const, value: value(m) as number })),
          ],
        });
      }
    }
  }
  // Differences of two counts of one entry, aimed at each third count of it.
  const byEntry = new Map<string, string[]>();
  for (const [path] of counts) byEntry.set(entryOf(path), [...(byEntry.get(entryOf(path)) ?? []), path]);
  for (const paths of byEntry.values()) {
    if (paths.length > 25) continue;
    for (const a of paths) {
      for (const b of paths) {
        const va = value(a);
        const vb = value(b);
        if (a === b || va === null || vb === null || va === undefined || vb === undefined) continue;
        for (const c of paths)
          if (c !== a && c !== b)
            out.push({
              view,
              path: c,
              terms: [
                { view, path: a, sign: 1, value: va },
                { view, path: b, sign: -1, value: vb },
              ],
            });
      }
    }
  }
  return out;
}

/**
 * The probability, by the noise table alone, that this relation lands exactly on the truth: each
 * term's noise is drawn from the row of its true count; two terms of equal truth and equal published
 * value with opposite signs are taken as the same cell (their noises cancel), which only raises it.
 */
export function predictedHit(r: Relation, truthOf: (view: string, path: string) => number): number {
  const terms = r.terms.map((t) => ({ ...t, truth: truthOf(t.view, t.path) }));
  const left = [...terms];
  for (let i = 0; i < left.length; i++) {
    const j = left.findIndex(
      (u, k) => k > i && u.sign === -left[i].sign && u.truth === left[i].truth && u.value === left[i].value,
    );
    if (j > 0) {
      left.splice(j, 1);
      left.splice(i, 1);
      i--;
    }
  }
  const bias = terms.reduce((s, t) => s + t.sign * t.truth, 0) - truthOf(r.view, r.path);
  return noiseSumDistribution(left.map((t) => ({ count: t.truth, sign: t.sign }))).get(-bias) ?? 0;
}

/**
 * What the reader can't rule out for a cell: the true counts compatible with its own published value
 * (if it has one) and with every relation, each term ranging over the true counts its published
 * value allows. One value left is a recovery with certainty.
 */
const ranges = new Map<number | null, number[]>();
function rangeOf(value: number | null): number[] {
  let r = ranges.get(value);
  if (!r) ranges.set(value, (r = possibleTrueCounts(value)));
  return r;
}

export function feasibleValues(own: number | null | undefined, relations: readonly Relation[]): number[] {
  let candidates: number[] | null = own === undefined ? null : rangeOf(own);
  for (const r of relations) {
    let lo = 0;
    let hi = 0;
    for (const t of r.terms) {
      const range = rangeOf(t.value);
      const min = range[0];
      const max = range[range.length - 1];
      if (t.sign === 1) {
        lo += min;
        hi += max;
      } else {
        lo -= max;
        hi -= min;
      }
    }
    if (candidates === null) {
      candidates = [];
      for (let x = Math.max(0, lo); x <= hi; x++) candidates.push(x);
    } else candidates = candidates.filter((x) => x >= lo && x <= hi);
  }
  return candidates ?? [];
}
