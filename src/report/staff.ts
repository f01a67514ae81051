import { MIN_CELL, suppressCells, trainingNeeds, type StaffRecord, type TrainingMatrix } from "../analysis/index.js";

export interface StaffServiceView {
  /** Staff who judged the service; null when under 5 (then nothing else is shown). */
  n: number | null;
  severity: number | null;
  /** Share saying a trained generalist can at least receive and file. */
  feasible: number | null;
  feasibility: Record<"inform" | "file" | "process" | "specialist", number | null> | null;
}

/**
 * Staff answers about a service judged by fewer than 5 colleagues are not used at all: not in
 * the criteria, not in the gate, not published. Staff results are reported by macro-area only.
 */
export function withoutSmallStaffGroups(staff: StaffRecord[], services: readonly string[]): StaffRecord[] {
  const judged = new Map<string, number>(services.map((s) => [s, 0]));
  for (const p of staff) for (const [code, v] of Object.entries(p.services)) if (v.severity !== undefined || v.feasibility) judged.set(code, (judged.get(code) ?? 0) + 1);
  return staff.map((p) => ({
    ...p,
    services: Object.fromEntries(Object.entries(p.services).filter(([code]) => (judged.get(code) ?? 0) >= MIN_CELL)),
  }));
}

export function staffServiceViews(staff: StaffRecord[], services: readonly string[]): Record<string, StaffServiceView> {
  const out: Record<string, StaffServiceView> = {};
  for (const code of services) {
    const views = staff.map((p) => p.services[code]).filter((v) => v && (v.severity !== undefined || v.feasibility));
    if (views.length < MIN_CELL) {
      out[code] = { n: null, severity: null, feasible: null, feasibility: null };
      continue;
    }
    const severities = views.map((v) => v.severity).filter((x): x is number => typeof x === "number");
    const judged = views.filter((v) => v.feasibility);
    const kinds = ["inform", "file", "process", "specialist"] as const;
    const counts = kinds.map((k) => judged.filter((v) => v.feasibility === k).length);
    // A share of a small group is a count in disguise (20 % of 5 is one person): hidden like a cell.
    const shown = suppressCells(counts, [[0, 1, 2, 3]], MIN_CELL);
    const share = (i: number) => (shown[i].suppressed ? null : counts[i] / judged.length);
    const feasibleCount = counts[1] + counts[2];
    const feasibleHidden = (feasibleCount > 0 && feasibleCount < MIN_CELL) || (judged.length - feasibleCount > 0 && judged.length - feasibleCount < MIN_CELL);
    out[code] = {
      n: views.length,
      severity: severities.length >= MIN_CELL ? severities.reduce((s, x) => s + x, 0) / severities.length : null,
      feasible: judged.length >= MIN_CELL && !feasibleHidden ? feasibleCount / judged.length : null,
      feasibility: judged.length >= MIN_CELL ? { inform: share(0), file: share(1), process: share(2), specialist: share(3) } : null,
    };
  }
  return out;
}

export interface StaffSummary {
  total: number;
  /** Respondents per macro-area; areas under 5 are grouped as hidden. */
  byArea: Record<string, number>;
  hiddenAreas: number;
  training: TrainingMatrix;
}

export function staffSummary(staff: StaffRecord[]): StaffSummary {
  const counts = new Map<string, number>();
  for (const p of staff) counts.set(p.area, (counts.get(p.area) ?? 0) + 1);
  const byArea: Record<string, number> = {};
  let hiddenAreas = 0;
  for (const [area, n] of counts) {
    if (n >= MIN_CELL) byArea[area] = n;
    else hiddenAreas++;
  }
  return { total: staff.length, byArea, hiddenAreas, training: trainingNeeds(staff) };
}
