import { MIN_CELL, trainingNeeds, type StaffRecord } from "../analysis/index.js";
import { keySumOf, protection, roundTo, Tally, type Protection } from "./protection.js";
import type { StaffServiceView } from "./contract.js";

export type { StaffServiceView };

/**
 * Staff answers about a service judged by fewer than 5 colleagues are not used at all: not in
 * the criteria, not in the gate, not published. Staff results are reported by macro-area only.
 */
export function withoutSmallStaffGroups(staff: StaffRecord[], services: readonly string[]): StaffRecord[] {
  const judged = new Map<string, number>(services.map((s) => [s, 0]));
  for (const p of staff)
    for (const [code, v] of Object.entries(p.services))
      if (v.severity !== undefined || v.feasibility) judged.set(code, (judged.get(code) ?? 0) + 1);
  return staff.map((p) => ({
    ...p,
    services: Object.fromEntries(Object.entries(p.services).filter(([code]) => (judged.get(code) ?? 0) >= MIN_CELL)),
  }));
}

const KINDS = ["inform", "file", "process", "specialist"] as const;

/**
 * The staff's view of each service, from protected counts only: the number who judged it, the
 * shares of each feasibility answer over the (protected) number who answered it, and the mean
 * severity rounded to 0.1, withheld under 5 answers true or published.
 */
export function staffServiceViews(
  staff: StaffRecord[],
  services: readonly string[],
  keys: ArrayLike<number> = new Array<number>(staff.length).fill(0),
  protect: Protection = protection(),
): Record<string, StaffServiceView> {
  const out: Record<string, StaffServiceView> = {};
  const enough = (n: number, published: number | null): published is number =>
    n >= MIN_CELL && published !== null && published >= MIN_CELL;
  for (const code of services) {
    const view = (i: number) => staff[i].services[code];
    const judgedCell = keySumOf(keys, (i) => !!view(i) && (view(i).severity !== undefined || !!view(i).feasibility));
    const n = protect.count(judgedCell.n, judgedCell.sum);
    if (!enough(judgedCell.n, n)) {
      out[code] = { n: judgedCell.n === 0 ? n : null, severity: null, feasible: null, feasibility: null };
      continue;
    }
    let sevSum = 0;
    const sev = new Tally();
    staff.forEach((p, i) => {
      const s = p.services[code]?.severity;
      if (typeof s === "number") {
        sevSum += s;
        sev.add(keys[i]);
      }
    });
    const sevN = protect.count(sev.n, sev.sum);
    const answeredCell = keySumOf(keys, (i) => !!view(i)?.feasibility);
    const answered = protect.count(answeredCell.n, answeredCell.sum);
    const shareOf = (include: (i: number) => boolean): number | null => {
      const c = keySumOf(keys, include);
      const p = protect.count(c.n, c.sum);
      return p === null || !enough(answeredCell.n, answered) ? null : Math.min(1, p / answered);
    };
    const feasibility = enough(answeredCell.n, answered)
      ? (Object.fromEntries(
          KINDS.map((k) => [k, shareOf((i) => view(i)?.feasibility === k)]),
        ) as StaffServiceView["feasibility"])
      : null;
    out[code] = {
      n,
      severity: enough(sev.n, sevN) ? (protect.perturbed ? roundTo(sevSum / sev.n, 1) : sevSum / sev.n) : null,
      feasible: shareOf((i) => view(i)?.feasibility === "file" || view(i)?.feasibility === "process"),
      feasibility,
    };
  }
  return out;
}

export interface StaffSummary {
  total: number | null;
  /** Respondents per macro-area (protected counts); areas withheld are counted in hiddenAreas. */
  byArea: Record<string, number>;
  hiddenAreas: number;
}

/**
 * Staff by macro-area, from protected counts. The total is itself a protected count with its own
 * noise, so total minus the areas shown is not the hidden areas' size.
 */
export function staffSummary(
  staff: StaffRecord[],
  keys: ArrayLike<number> = new Array<number>(staff.length).fill(0),
  protect: Protection = protection(),
): StaffSummary {
  const areas = [...new Set(staff.map((p) => p.area))].sort();
  const byArea: Record<string, number> = {};
  let hiddenAreas = 0;
  for (const area of areas) {
    const cell = keySumOf(keys, (i) => staff[i].area === area);
    const n = protect.count(cell.n, cell.sum);
    if (n !== null && n >= MIN_CELL && cell.n >= MIN_CELL) byArea[area] = n;
    else hiddenAreas++;
  }
  return { total: protect.countOf(keys, () => true), byArea, hiddenAreas };
}

type Level = "none" | "basic" | "inDepth";

/**
 * The training-needs matrix from protected counts: per subject, overall and for each area published,
 * how many need no, basic or in-depth training; the shares are the perturbed counts over the
 * perturbed number who answered. An area is published only if its own size is.
 */
export function publishTraining(
  staff: StaffRecord[],
  shownAreas: readonly string[],
  keys: ArrayLike<number> = new Array<number>(staff.length).fill(0),
  protect: Protection = protection(),
) {
  const subjects = trainingNeeds(staff).subjects;
  const table = (members: (i: number) => boolean) =>
    Object.fromEntries(
      subjects.map((subject) => {
        const tallies: Record<Level | "answered" | "need", Tally> = {
          none: new Tally(),
          basic: new Tally(),
          inDepth: new Tally(),
          answered: new Tally(),
          need: new Tally(),
        };
        staff.forEach((p, i) => {
          if (!members(i)) return;
          const level = p.training[subject];
          if (level !== 0 && level !== 1 && level !== 2) return;
          tallies.answered.add(keys[i]);
          tallies[(["none", "basic", "inDepth"] as const)[level]].add(keys[i]);
          if (level > 0) tallies.need.add(keys[i]);
        });
        const pub = (t: Tally) => protect.count(t.n, t.sum);
        const answered = pub(tallies.answered);
        const few = answered === null || answered < MIN_CELL || tallies.answered.n < MIN_CELL;
        const value = (t: Tally) => (few ? null : pub(t));
        const share = (t: Tally) => {
          const v = value(t);
          return v === null ? null : Math.min(1, v / answered!);
        };
        return [
          subject,
          {
            answered: few ? null : answered,
            none: value(tallies.none),
            basic: value(tallies.basic),
            inDepth: value(tallies.inDepth),
            needShare: share(tallies.need),
            inDepthShare: share(tallies.inDepth),
          },
        ];
      }),
    );
  const areas = [...new Set(staff.map((p) => p.area))].sort();
  return {
    subjects,
    overall: table(() => true),
    byArea: Object.fromEntries(shownAreas.map((area) => [area, table((i) => staff[i].area === area)])),
    hiddenAreas: areas.length - shownAreas.length,
  };
}
