import type { CitizenColumns } from "./columns.js";
import type { StaffRecord } from "./records.js";
import { RowBuilder } from "./row-builder.js";

// Slots of the weighted sums each criterion is built from: per service NQ quantities, then globals.
// Users nearly always answer the follow-ups, so what is counted is the missing answers (n = users − missing).
const USED = 0,
  FREQ = 1,
  FREQ_MISSING = 2,
  OFFICES = 3,
  OFFICES_MISSING = 4,
  REPEAT = 5,
  REPEAT_MISSING = 6;
const TIME = 7,
  TIME_MISSING = 8,
  LOW_SAT = 9,
  SAT_MISSING = 10,
  IMP = 11,
  IMP_MISSING = 12,
  BORDA = 13;
const NQ = 14;
const STAFF_N = 0,
  SEVERITY = 1,
  SEVERITY_MISSING = 2,
  FEASIBLE = 3,
  FEASIBLE_MISSING = 4;
const NQ_STAFF = 5;

/**
 * Per-respondent additive contributions: every criterion is a ratio of weighted sums of these, so the
 * point estimate and each bootstrap replicate are passes over typed arrays instead of over objects.
 * A replicate over 35,000 citizens is bound by memory traffic, so the layout is lean: entries are
 * grouped by slot (each sum is then a gather into one register, with no scattered stores), slots
 * that only ever count skip their values, missing answers are counted instead of given ones, and
 * the importance grid, answered by nearly everyone, is a dense column-major float32 block. A value
 * float32 cannot hold exactly (scale points always fit) leaves its remainder as an ordinary entry.
 */
export interface Contributions {
  rows: number;
  /** Length of the sums vector. */
  width: number;
  /** Entries of slot s are slotOffsets[s] … slotOffsets[s + 1] − 1. */
  slotOffsets: Int32Array;
  entryRows: Int32Array;
  entryValues: Float64Array;
  /** 1 where every value of the slot is 1 (a count). */
  countSlots: Uint8Array;
  /** Column-major: column k holds rows k·rows … (k + 1)·rows − 1. */
  dense: Float32Array;
  denseSlots: Int32Array;
}

/** The Borda list length m: the longest ranking given, unless fixed by the caller. */
export function bordaLength(citizens: CitizenColumns): number {
  let m = 0;
  for (let i = 0; i < citizens.n; i++) m = Math.max(m, citizens.rankStart[i + 1] - citizens.rankStart[i]);
  return m;
}

export function citizenContributions(citizens: CitizenColumns, services: readonly string[], m: number): Contributions {
  const index = new Map(services.map((s, k) => [s, k]));
  const S = services.length;
  const totalSlot = S * NQ;
  const rankedSlot = totalSlot + 1;
  // Column of the citizens' data → position in `services` (−1: not a service ranked here).
  const position = Int32Array.from(citizens.codes, (code) => index.get(code) ?? -1);
  const importance = services.map((code) => {
    const k = citizens.codes.indexOf(code);
    return k < 0 ? null : citizens.importance[k];
  });
  const { useStart, useCode, frequency, offices, repeatVisits, timeLost, satisfaction, rankStart, rankCode } = citizens;
  const answer = (value: number): number | undefined => (Number.isNaN(value) ? undefined : value);
  const b = new RowBuilder();
  const seen = new Uint8Array(citizens.codes.length);
  for (let i = 0; i < citizens.n; i++) {
    b.add(totalSlot, 1);
    for (let u = useStart[i]; u < useStart[i + 1]; u++) {
      const k = position[useCode[u]];
      if (k < 0) continue;
      const o = k * NQ;
      b.add(o + USED, 1);
      b.addAnswer(o + FREQ, answer(frequency[u]));
      b.addAnswer(o + OFFICES, answer(offices[u] - 1));
      b.addAnswer(o + REPEAT, answer(repeatVisits[u]));
      b.addAnswer(o + TIME, answer(timeLost[u]));
      // "non so" and no answer (both NaN) leave the user out of U.
      const sat = satisfaction[u];
      if (Number.isNaN(sat)) b.add(o + SAT_MISSING, 1);
      else if (sat <= 5) b.add(o + LOW_SAT, 1);
    }
    for (let k = 0; k < S; k++) {
      const value = importance[k]?.[i] ?? Number.NaN;
      const missing = Number.isNaN(value);
      b.addDense(k * NQ + IMP, missing ? 0 : value);
      if (missing) b.add(k * NQ + IMP_MISSING, 1);
    }
    // The first m distinct services of the ranking; index r is position r + 1, which earns m − r points.
    let r = 0;
    for (let e = rankStart[i]; e < rankStart[i + 1] && r < m; e++) {
      const code = rankCode[e];
      if (seen[code]) continue;
      seen[code] = 1;
      if (r === 0) b.add(rankedSlot, 1);
      const k = position[code];
      if (k >= 0) b.add(k * NQ + BORDA, m - r);
      r++;
    }
    for (let e = rankStart[i]; e < rankStart[i + 1]; e++) seen[rankCode[e]] = 0;
    b.endRow();
  }
  return b.build(
    S * NQ + 2,
    services.map((_, k) => k * NQ + IMP),
  );
}

export function staffContributions(staff: ReadonlyArray<StaffRecord>, services: readonly string[]): Contributions {
  const index = new Map(services.map((s, k) => [s, k]));
  const b = new RowBuilder();
  for (const person of staff) {
    for (const [code, view] of Object.entries(person.services)) {
      const k = index.get(code);
      if (k === undefined) continue;
      const o = k * NQ_STAFF;
      b.add(o + STAFF_N, 1);
      b.addAnswer(o + SEVERITY, view.severity);
      if (view.feasibility === undefined) b.add(o + FEASIBLE_MISSING, 1);
      // "At least receive and file": file or process; inform-only and specialist-only fail.
      else if (view.feasibility === "file" || view.feasibility === "process") b.add(o + FEASIBLE, 1);
    }
    b.endRow();
  }
  return b.build(services.length * NQ_STAFF);
}

// Denominators are differences of weighted counts (n − missing), so an empty one can come out as a
// rounding residue rather than 0: treat anything below 1e-9 of its scale as empty.
const ratio = (num: number, den: number, scale: number): number => (den > 1e-9 * scale ? num / den : Number.NaN);
const meanOrZero = (num: number, den: number, scale: number): number => (den > 1e-9 * scale ? num / den : 0);

/**
 * Raw criteria per service into `out` (S × 7: D F U I P C X) from the weighted sums, exactly as
 * docs/methods.md defines them; NaN where nobody answered what a criterion needs.
 */
export function criteriaFromSums(
  citizen: Float64Array,
  staff: Float64Array,
  S: number,
  out: Float64Array,
): Float64Array {
  const total = citizen[S * NQ];
  const ranked = citizen[S * NQ + 1];
  for (let k = 0; k < S; k++) {
    const o = k * NQ;
    const users = citizen[o + USED];
    // A user who did not say how often still used the service at least once.
    const frequencyN = users - citizen[o + FREQ_MISSING];
    const frequency = frequencyN > 1e-9 * users ? citizen[o + FREQ] / frequencyN : 1;
    const officesN = users - citizen[o + OFFICES_MISSING];
    const repeatN = users - citizen[o + REPEAT_MISSING];
    const timeN = users - citizen[o + TIME_MISSING];
    const fragmentation =
      meanOrZero(citizen[o + OFFICES], officesN, users) +
      meanOrZero(citizen[o + REPEAT], repeatN, users) +
      meanOrZero(citizen[o + TIME], timeN, users);
    const anyPain = Math.max(officesN, repeatN, timeN) > 1e-9 * users;
    const t = k * NQ_STAFF;
    const judged = staff[t + STAFF_N];
    const r = k * 7;
    out[r] = ratio(users, total, total) * frequency;
    out[r + 1] = users > 0 && anyPain ? fragmentation : Number.NaN;
    out[r + 2] = ratio(citizen[o + LOW_SAT], users - citizen[o + SAT_MISSING], users);
    out[r + 3] = ratio(citizen[o + IMP], total - citizen[o + IMP_MISSING], total);
    out[r + 4] = ratio(citizen[o + BORDA], ranked, total);
    out[r + 5] = ratio(staff[t + SEVERITY], judged - staff[t + SEVERITY_MISSING], judged);
    out[r + 6] = ratio(staff[t + FEASIBLE], judged - staff[t + FEASIBLE_MISSING], judged);
  }
  return out;
}
