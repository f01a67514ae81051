import { citizenWeights } from "./criteria.js";
import type { CitizenColumns } from "./columns.js";
import type { StaffRecord } from "./records.js";

export interface CoveragePoint {
  k: number;
  /** The desk of k services, in the order chosen. */
  services: string[];
  /** Weighted share of citizens who used any service (the base) all of whose services the desk covers. */
  citizensFullyServed: number;
  /** Weighted share of citizen-reported contacts (uses × frequency) that the desk handles. */
  contactsHandled: number;
  /** Share of staff-reported weekly contacts the desk handles; null without staff contact figures. */
  staffContactsHandled: number | null;
}

/** The denominators of the coverage shares. */
export interface CoverageBase {
  /** Citizens who used at least one service in the last 12 months: unweighted count and weighted share of all. */
  citizens: number;
  citizensShare: number;
  /** Weighted citizen-reported contacts with every service (uses × frequency). */
  contacts: number;
}

/** A use's contacts: its frequency, or 1 (used at least once) when the citizen did not say how often. */
function contactsOf(frequency: number): number {
  return Number.isNaN(frequency) ? 1 : frequency;
}

/** Who and what the coverage shares are shares of: citizens who used any service, and all their contacts. */
export function coverageBase(citizens: CitizenColumns, weights?: ArrayLike<number>): CoverageBase {
  const w = citizenWeights(citizens, weights);
  let users = 0;
  let userWeight = 0;
  let all = 0;
  let contacts = 0;
  const { useStart, frequency } = citizens;
  for (let i = 0; i < citizens.n; i++) {
    all += w[i];
    if (useStart[i + 1] === useStart[i]) continue;
    users++;
    userWeight += w[i];
    for (let u = useStart[i]; u < useStart[i + 1]; u++) contacts += w[i] * contactsOf(frequency[u]);
  }
  return { citizens: users, citizensShare: all > 0 ? userWeight / all : 0, contacts };
}

/**
 * Coverage of a given desk, one prefix at a time: the first k services of `desk` (the report's
 * recommendation is its ranking's top k). Same shares and base as coverageCurve.
 */
export function deskCoverage(
  citizens: CitizenColumns,
  desk: readonly string[],
  options: { weights?: ArrayLike<number>; staff?: ReadonlyArray<StaffRecord>; maxK?: number } = {},
): CoveragePoint[] {
  const w = citizenWeights(citizens, options.weights);
  const base = coverageBase(citizens, w);
  let staffTotal = 0;
  const staffBy = new Map<string, number>();
  for (const person of options.staff ?? []) {
    for (const [code, view] of Object.entries(person.services)) {
      if (view.contacts === undefined) continue;
      staffTotal += view.contacts;
      staffBy.set(code, (staffBy.get(code) ?? 0) + view.contacts);
    }
  }
  const { useStart, useCode, frequency } = citizens;
  let userWeight = 0;
  for (let i = 0; i < citizens.n; i++) if (useStart[i + 1] > useStart[i]) userWeight += w[i];
  const out: CoveragePoint[] = [];
  const inDesk = new Set<string>();
  const columnInDesk = new Uint8Array(citizens.codes.length);
  for (let k = 1; k <= Math.min(options.maxK ?? desk.length, desk.length); k++) {
    inDesk.add(desk[k - 1]);
    const column = citizens.codes.indexOf(desk[k - 1]);
    if (column >= 0) columnInDesk[column] = 1;
    let served = 0;
    let handled = 0;
    for (let i = 0; i < citizens.n; i++) {
      if (useStart[i + 1] === useStart[i]) continue;
      let all = true;
      for (let u = useStart[i]; u < useStart[i + 1]; u++) if (!columnInDesk[useCode[u]]) all = false;
      if (all) served += w[i];
      for (let u = useStart[i]; u < useStart[i + 1]; u++)
        if (columnInDesk[useCode[u]]) handled += w[i] * contactsOf(frequency[u]);
    }
    const staffHandled = [...inDesk].reduce((s, code) => s + (staffBy.get(code) ?? 0), 0);
    out.push({
      k,
      services: desk.slice(0, k),
      citizensFullyServed: userWeight > 0 ? served / userWeight : 0,
      contactsHandled: base.contacts > 0 ? handled / base.contacts : 0,
      staffContactsHandled: staffTotal > 0 ? staffHandled / staffTotal : null,
    });
  }
  return out;
}

/**
 * The coverage curve: a desk grown one service at a time, each time adding the candidate that
 * serves the most additional citizens completely, ties (and the early steps where nobody is complete
 * yet) decided by the contacts handled, then by candidate order.
 * Services a citizen used outside the candidates can never be covered; they still count against.
 */
export function coverageCurve(
  citizens: CitizenColumns,
  candidates: readonly string[],
  options: { weights?: ArrayLike<number>; staff?: ReadonlyArray<StaffRecord>; maxK?: number } = {},
): CoveragePoint[] {
  const w = citizenWeights(citizens, options.weights);
  const index = new Map(candidates.map((s, k) => [s, k]));
  const C = candidates.length;
  const uses: number[][] = [];
  const remaining = new Int32Array(citizens.n);
  const contactGain = new Float64Array(C);
  let base = 0;
  let allContacts = 0;
  const candidateOf = citizens.codes.map((code) => index.get(code));
  const { useStart, useCode, frequency } = citizens;
  for (let i = 0; i < citizens.n; i++) {
    const list: number[] = [];
    for (let u = useStart[i]; u < useStart[i + 1]; u++) {
      const contacts = w[i] * contactsOf(frequency[u]);
      allContacts += contacts;
      const k = candidateOf[useCode[u]];
      if (k !== undefined) {
        list.push(k);
        contactGain[k] += contacts;
      }
    }
    uses.push(list);
    remaining[i] = useStart[i + 1] - useStart[i];
    // The base is every citizen who used any service, also one the candidates do not include.
    if (remaining[i] > 0) base += w[i];
  }
  const staffContacts = new Float64Array(C);
  let staffTotal = 0;
  for (const person of options.staff ?? []) {
    for (const [code, view] of Object.entries(person.services)) {
      if (view.contacts === undefined) continue;
      staffTotal += view.contacts;
      const k = index.get(code);
      if (k !== undefined) staffContacts[k] += view.contacts;
    }
  }

  const inDesk = new Uint8Array(C);
  const desk: string[] = [];
  const curve: CoveragePoint[] = [];
  let served = 0;
  let contacts = 0;
  let staffHandled = 0;
  const gain = new Float64Array(C);
  for (let step = 0; step < Math.min(options.maxK ?? C, C); step++) {
    gain.fill(0);
    uses.forEach((list, i) => {
      if (remaining[i] !== 1) return;
      const k = list.find((s) => !inDesk[s]);
      if (k !== undefined) gain[k] += w[i];
    });
    let best = -1;
    for (let k = 0; k < C; k++) {
      if (inDesk[k]) continue;
      if (best < 0 || gain[k] > gain[best] || (gain[k] === gain[best] && contactGain[k] > contactGain[best])) best = k;
    }
    inDesk[best] = 1;
    desk.push(candidates[best]);
    served += gain[best];
    contacts += contactGain[best];
    staffHandled += staffContacts[best];
    uses.forEach((list, i) => {
      if (list.includes(best)) remaining[i]--;
    });
    curve.push({
      k: step + 1,
      services: [...desk],
      citizensFullyServed: base > 0 ? served / base : 0,
      contactsHandled: allContacts > 0 ? contacts / allContacts : 0,
      staffContactsHandled: staffTotal > 0 ? staffHandled / staffTotal : null,
    });
  }
  return curve;
}
