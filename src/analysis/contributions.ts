import type { CitizenRecord, StaffRecord } from "./records.js";

// Slots of the weighted sums each criterion is built from: per service NQ quantities, then globals.
const USED = 0, FREQ = 1, FREQ_N = 2, OFFICES = 3, OFFICES_N = 4, REPEAT = 5, REPEAT_N = 6;
const TIME = 7, TIME_N = 8, LOW_SAT = 9, SAT_N = 10, IMP = 11, IMP_N = 12, BORDA = 13;
const NQ = 14;
const SEVERITY = 0, SEVERITY_N = 1, FEASIBLE = 2, FEASIBLE_N = 3;
const NQ_STAFF = 4;

/**
 * Per-respondent additive contributions in compressed sparse rows: every criterion is a ratio of
 * weighted sums of these, so the point estimate and each bootstrap replicate are passes over typed
 * arrays instead of over objects.
 */
export interface Contributions {
  rows: number;
  /** Length of the sums vector. */
  width: number;
  offsets: Int32Array;
  slots: Int32Array;
  values: Float64Array;
}

class RowBuilder {
  offsets: number[] = [0];
  slots: number[] = [];
  values: number[] = [];
  add(slot: number, value: number): void {
    if (value === 0) return;
    this.slots.push(slot);
    this.values.push(value);
  }
  /** A value and its count: every "…_N" slot sits right after its sum. */
  addAnswer(sumSlot: number, value: number): void {
    this.add(sumSlot, value);
    this.add(sumSlot + 1, 1);
  }
  endRow(): void {
    this.offsets.push(this.slots.length);
  }
  build(width: number): Contributions {
    return {
      rows: this.offsets.length - 1,
      width,
      offsets: Int32Array.from(this.offsets),
      slots: Int32Array.from(this.slots),
      values: Float64Array.from(this.values),
    };
  }
}

/** The Borda list length m: the longest ranking given, unless fixed by the caller. */
export function bordaLength(citizens: ReadonlyArray<CitizenRecord>): number {
  return citizens.reduce((m, c) => Math.max(m, c.ranking.length), 0);
}

export function citizenContributions(
  citizens: ReadonlyArray<CitizenRecord>,
  services: readonly string[],
  m: number,
): Contributions {
  const index = new Map(services.map((s, k) => [s, k]));
  const S = services.length;
  const totalSlot = S * NQ;
  const rankedSlot = totalSlot + 1;
  const b = new RowBuilder();
  for (const c of citizens) {
    b.add(totalSlot, 1);
    for (const [code, use] of Object.entries(c.used)) {
      const k = index.get(code);
      if (k === undefined) continue;
      const o = k * NQ;
      b.add(o + USED, 1);
      if (use.frequency !== undefined) b.addAnswer(o + FREQ, use.frequency);
      if (use.offices !== undefined) b.addAnswer(o + OFFICES, use.offices - 1);
      if (use.repeatVisits !== undefined) b.addAnswer(o + REPEAT, use.repeatVisits);
      if (use.timeLost !== undefined) b.addAnswer(o + TIME, use.timeLost);
      if (typeof use.satisfaction === "number") {
        b.add(o + SAT_N, 1);
        if (use.satisfaction <= 5) b.add(o + LOW_SAT, 1);
      }
    }
    for (const [code, value] of Object.entries(c.importance)) {
      const k = index.get(code);
      if (k !== undefined) b.addAnswer(k * NQ + IMP, value);
    }
    const seen = new Set<string>();
    const top = c.ranking.filter((s) => !seen.has(s) && seen.add(s)).slice(0, m);
    if (top.length > 0) b.add(rankedSlot, 1);
    top.forEach((code, r) => {
      const k = index.get(code);
      // Position r (1-based) of m earns m − r + 1.
      if (k !== undefined) b.add(k * NQ + BORDA, m - r);
    });
    b.endRow();
  }
  return b.build(S * NQ + 2);
}

export function staffContributions(staff: ReadonlyArray<StaffRecord>, services: readonly string[]): Contributions {
  const index = new Map(services.map((s, k) => [s, k]));
  const b = new RowBuilder();
  for (const person of staff) {
    for (const [code, view] of Object.entries(person.services)) {
      const k = index.get(code);
      if (k === undefined) continue;
      const o = k * NQ_STAFF;
      if (view.severity !== undefined) b.addAnswer(o + SEVERITY, view.severity);
      if (view.feasibility !== undefined) {
        b.add(o + FEASIBLE_N, 1);
        // "At least receive and file": file or process; inform-only and specialist-only fail.
        if (view.feasibility === "file" || view.feasibility === "process") b.add(o + FEASIBLE, 1);
      }
    }
    b.endRow();
  }
  return b.build(services.length * NQ_STAFF);
}

/** Σ_i w_i · contribution_i into `out` (zeroed first). */
export function weightedSums(c: Contributions, weights: ArrayLike<number>, out: Float64Array): Float64Array {
  out.fill(0);
  const { rows, offsets, slots, values } = c;
  for (let i = 0; i < rows; i++) {
    const w = weights[i];
    if (w === 0) continue;
    const end = offsets[i + 1];
    for (let e = offsets[i]; e < end; e++) out[slots[e]] += w * values[e];
  }
  return out;
}

const ratio = (num: number, den: number): number => (den > 0 ? num / den : Number.NaN);
const meanOrZero = (num: number, den: number): number => (den > 0 ? num / den : 0);

/**
 * Raw criteria per service into `out` (S × 7: D F U I P C X) from the weighted sums, exactly as
 * DOMAIN.md defines them; NaN where nobody answered what a criterion needs.
 */
export function criteriaFromSums(citizen: Float64Array, staff: Float64Array, S: number, out: Float64Array): Float64Array {
  const total = citizen[S * NQ];
  const ranked = citizen[S * NQ + 1];
  for (let k = 0; k < S; k++) {
    const o = k * NQ;
    const users = citizen[o + USED];
    // A user who did not say how often still used the service at least once.
    const frequency = citizen[o + FREQ_N] > 0 ? citizen[o + FREQ] / citizen[o + FREQ_N] : 1;
    const fragmentation =
      meanOrZero(citizen[o + OFFICES], citizen[o + OFFICES_N]) +
      meanOrZero(citizen[o + REPEAT], citizen[o + REPEAT_N]) +
      meanOrZero(citizen[o + TIME], citizen[o + TIME_N]);
    const t = k * NQ_STAFF;
    const r = k * 7;
    out[r] = ratio(users, total) * frequency;
    out[r + 1] = users > 0 ? fragmentation : Number.NaN;
    out[r + 2] = ratio(citizen[o + LOW_SAT], citizen[o + SAT_N]);
    out[r + 3] = ratio(citizen[o + IMP], citizen[o + IMP_N]);
    out[r + 4] = ratio(citizen[o + BORDA], ranked);
    out[r + 5] = ratio(staff[t + SEVERITY], staff[t + SEVERITY_N]);
    out[r + 6] = ratio(staff[t + FEASIBLE], staff[t + FEASIBLE_N]);
  }
  return out;
}
