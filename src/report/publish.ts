import { MIN_CELL, suppressCells, type BootstrapResult, type CitizenRecord, type IpaResult, type RankedService, type TrainingMatrix } from "../analysis/index.js";
import type { MarginsFile } from "./margins.js";

/** The citizen criteria that rest on the users of a service: hidden when fewer than 5 used it. */
const USER_CRITERIA = ["D", "F", "U"] as const;

export function publishRanking(services: RankedService[], citizens: CitizenRecord[], stability: BootstrapResult | null, topK: number) {
  const bySvc = new Map((stability?.services ?? []).map((s) => [s.service, s]));
  return services.map((s) => {
    const users = citizens.filter((c) => c.used[s.service]).length;
    const few = users < MIN_CELL;
    const criteria: Record<string, number | null> = { ...s.criteria };
    const raw: Record<string, number | null> = { ...s.raw };
    if (few) for (const k of USER_CRITERIA) criteria[k] = raw[k] = null;
    const st = bySvc.get(s.service);
    return {
      service: s.service,
      rank: s.rank,
      score: s.score,
      criteria,
      raw,
      users: few ? null : users,
      fewUsers: few,
      rankInterval: st ? st.rankInterval : null,
      medianRank: st ? st.medianRank : null,
      topK: st ? st.topK : null,
      k: topK,
      gate: s.gate,
      gatePassShare: st ? st.gatePassShare : null,
    };
  });
}

/** The training matrix with every count under 5 hidden (and its complement within the subject). */
export function publishTraining(matrix: TrainingMatrix) {
  const table = (cells: TrainingMatrix["overall"]) =>
    Object.fromEntries(
      Object.entries(cells).map(([subject, c]) => {
        const shown = suppressCells([c.none, c.basic, c.inDepth], [[0, 1, 2]], MIN_CELL);
        const few = c.answered < MIN_CELL;
        const value = (i: number, n: number) => (few || shown[i].suppressed ? null : n);
        // The share needing training is the count basic + in depth over those who answered.
        const need = c.basic + c.inDepth;
        const needHidden = few || (need > 0 && need < MIN_CELL) || (c.none > 0 && c.none < MIN_CELL);
        return [subject, {
          answered: few ? null : c.answered,
          none: value(0, c.none),
          basic: value(1, c.basic),
          inDepth: value(2, c.inDepth),
          needShare: needHidden ? null : c.needShare,
          inDepthShare: few || shown[2].suppressed ? null : c.inDepthShare,
        }];
      }),
    );
  return {
    subjects: matrix.subjects,
    overall: table(matrix.overall),
    byArea: Object.fromEntries(Object.entries(matrix.byArea).map(([area, cells]) => [area, table(cells)])),
    hiddenAreas: matrix.suppressedAreas.length,
  };
}

/** The sample against the census: population share, raw sample share and weighted share per category. */
export function sampleAgainstMargins(records: CitizenRecord[], weights: readonly number[], margins: MarginsFile) {
  return Object.entries(margins.targets).flatMap(([variable, cats]) => {
    const population = Object.values(cats).reduce((s, x) => s + x, 0);
    const covered = records.filter((r) => r.categories[variable] !== undefined).length;
    // Shares among those the margin covers (sex "preferisco non dire" has no census category).
    const totalWeight = records.reduce((s, r, j) => s + (r.categories[variable] !== undefined ? weights[j] : 0), 0);
    const counts = Object.keys(cats).map((c) => records.filter((r) => r.categories[variable] === c).length);
    const shown = suppressCells(counts, [counts.map((_, i) => i)], MIN_CELL);
    return Object.entries(cats).map(([category, target], i) => {
      const w = records.reduce((s, r, j) => s + (r.categories[variable] === category ? weights[j] : 0), 0);
      const hidden = shown[i].suppressed;
      return {
        variable,
        category,
        population: target,
        populationShare: target / population,
        sampleCount: hidden ? null : counts[i],
        sampleShare: hidden || covered === 0 ? null : counts[i] / covered,
        weightedShare: hidden || totalWeight === 0 ? null : w / totalWeight,
        short: !hidden && covered > 0 && counts[i] / covered < 0.8 * (target / population),
      };
    });
  });
}

/** A count of flagged responses, hidden under 5 like any other cell. */
export function publishCount(n: number): number | null {
  return n > 0 && n < MIN_CELL ? null : n;
}

/** Importance–performance points: a mean on fewer than 5 answers is not published, nor its quadrant. */
export function publishIpa(ipa: IpaResult) {
  return {
    ...ipa,
    points: ipa.points.map((p) => {
      const importance = p.importanceN >= MIN_CELL ? p.importance : null;
      const satisfaction = p.satisfactionN >= MIN_CELL ? p.satisfaction : null;
      return {
        ...p,
        importance,
        satisfaction,
        importanceN: publishCount(p.importanceN),
        satisfactionN: publishCount(p.satisfactionN),
        quadrant: importance === null || satisfaction === null ? null : p.quadrant,
      };
    }),
  };
}
