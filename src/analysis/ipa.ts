import { citizenWeights } from "./criteria.js";
import type { CitizenColumns } from "./columns.js";

export type Quadrant = "concentrate here" | "keep up the good work" | "low priority" | "possible overkill";

export interface IpaPoint {
  service: string;
  /** Weighted mean importance (1–10) over everyone who rated it. */
  importance: number | null;
  /** Weighted mean satisfaction (1–10) over users, "non so" left out. */
  satisfaction: number | null;
  importanceN: number;
  satisfactionN: number;
  /** Null when either mean is missing. */
  quadrant: Quadrant | null;
}

export interface IpaResult {
  points: IpaPoint[];
  /** Quadrant lines: the means over the plotted services (those with both values). */
  importanceLine: number | null;
  satisfactionLine: number | null;
}

function quadrantOf(importance: number, satisfaction: number, iLine: number, sLine: number): Quadrant {
  // Martilla & James (1977); a point on a line counts as high.
  if (importance >= iLine) return satisfaction >= sLine ? "keep up the good work" : "concentrate here";
  return satisfaction >= sLine ? "possible overkill" : "low priority";
}

/** Importance–performance analysis: importance vs satisfaction per service, lines at the means. */
export function importancePerformance(
  citizens: CitizenColumns,
  services: readonly string[],
  weights?: ArrayLike<number>,
): IpaResult {
  const w = citizenWeights(citizens, weights);
  const sums = new Map(services.map((service) => [service, { iw: 0, iy: 0, iN: 0, sw: 0, sy: 0, sN: 0 }]));
  // Each service's sums add in citizen order: one pass down its importance column, one over the uses.
  citizens.codes.forEach((code, k) => {
    const t = sums.get(code);
    if (!t) return;
    const column = citizens.importance[k];
    for (let i = 0; i < citizens.n; i++) {
      const imp = column[i];
      if (Number.isNaN(imp)) continue;
      t.iw += w[i];
      t.iy += w[i] * imp;
      t.iN++;
    }
  });
  const byColumn = citizens.codes.map((code) => sums.get(code));
  for (let i = 0; i < citizens.n; i++) {
    for (let u = citizens.useStart[i]; u < citizens.useStart[i + 1]; u++) {
      const sat = citizens.satisfaction[u];
      const t = byColumn[citizens.useCode[u]];
      if (!t || Number.isNaN(sat)) continue;
      t.sw += w[i];
      t.sy += w[i] * sat;
      t.sN++;
    }
  }
  const raw = services.map((service) => {
    const { iw, iy, iN, sw, sy, sN } = sums.get(service)!;
    return {
      service,
      importance: iw > 0 ? iy / iw : null,
      satisfaction: sw > 0 ? sy / sw : null,
      importanceN: iN,
      satisfactionN: sN,
    };
  });
  const plotted = raw.filter((p) => p.importance !== null && p.satisfaction !== null);
  const mean = (xs: number[]): number | null => (xs.length > 0 ? xs.reduce((s, x) => s + x, 0) / xs.length : null);
  const importanceLine = mean(plotted.map((p) => p.importance!));
  const satisfactionLine = mean(plotted.map((p) => p.satisfaction!));
  const points = raw.map((p) => ({
    ...p,
    quadrant:
      p.importance !== null && p.satisfaction !== null
        ? quadrantOf(p.importance, p.satisfaction, importanceLine!, satisfactionLine!)
        : null,
  }));
  return { points, importanceLine, satisfactionLine };
}
