import { citizenWeights } from "./criteria.js";
import type { CitizenRecord } from "./records.js";

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
  citizens: ReadonlyArray<CitizenRecord>,
  services: readonly string[],
  weights?: ArrayLike<number>,
): IpaResult {
  const w = citizenWeights(citizens, weights);
  const raw = services.map((service) => {
    let iw = 0, iy = 0, iN = 0, sw = 0, sy = 0, sN = 0;
    citizens.forEach((c, i) => {
      const imp = c.importance[service];
      if (imp !== undefined) {
        iw += w[i];
        iy += w[i] * imp;
        iN++;
      }
      const sat = c.used[service]?.satisfaction;
      if (typeof sat === "number") {
        sw += w[i];
        sy += w[i] * sat;
        sN++;
      }
    });
    return { service, importance: iw > 0 ? iy / iw : null, satisfaction: sw > 0 ? sy / sw : null, importanceN: iN, satisfactionN: sN };
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
