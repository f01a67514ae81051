import { MIN_CELL } from "./suppression.js";
import type { StaffRecord } from "./records.js";

export interface TrainingCell {
  none: number;
  basic: number;
  inDepth: number;
  answered: number;
  /** Share asking for basic or in-depth training. */
  needShare: number;
  inDepthShare: number;
}

export interface TrainingMatrix {
  subjects: string[];
  overall: Record<string, TrainingCell>;
  /** Areas with at least minGroup staff respondents; smaller areas are left out, never shown. */
  byArea: Record<string, Record<string, TrainingCell>>;
  suppressedAreas: string[];
}

function tally(staff: ReadonlyArray<StaffRecord>, subject: string): TrainingCell {
  const counts = [0, 0, 0];
  for (const person of staff) {
    const level = person.training[subject];
    if (level === 0 || level === 1 || level === 2) counts[level]++;
  }
  const answered = counts[0] + counts[1] + counts[2];
  return {
    none: counts[0],
    basic: counts[1],
    inDepth: counts[2],
    answered,
    needShare: answered > 0 ? (counts[1] + counts[2]) / answered : 0,
    inDepthShare: answered > 0 ? counts[2] / answered : 0,
  };
}

/**
 * The training-needs matrix: per subject, how many staff need none, basic or in-depth training,
 * overall and by macro-area. Staff results are published by macro-area only when the area has at
 * least minGroup respondents (default 5); pass the subjects the chosen services call for.
 */
export function trainingNeeds(
  staff: ReadonlyArray<StaffRecord>,
  subjects?: readonly string[],
  minGroup: number = MIN_CELL,
): TrainingMatrix {
  const list = subjects ? [...subjects] : [...new Set(staff.flatMap((p) => Object.keys(p.training)))].sort();
  const table = (group: ReadonlyArray<StaffRecord>): Record<string, TrainingCell> =>
    Object.fromEntries(list.map((s) => [s, tally(group, s)]));
  const areas = new Map<string, StaffRecord[]>();
  for (const person of staff) areas.set(person.area, [...(areas.get(person.area) ?? []), person]);
  const byArea: Record<string, Record<string, TrainingCell>> = {};
  const suppressedAreas: string[] = [];
  for (const [area, group] of [...areas].sort(([a], [b]) => a.localeCompare(b))) {
    if (group.length >= minGroup) byArea[area] = table(group);
    else suppressedAreas.push(area);
  }
  return { subjects: list, overall: table(staff), byArea, suppressedAreas };
}
