import { MIN_CELL, type BootstrapResult, type CitizenRecord, type IpaResult, type RankedService } from "../analysis/index.js";
import type { MarginsFile } from "./margins.js";
import type { StaffServiceView } from "./staff.js";
import { keySumOf, protection, roundTo, type Protection } from "./protection.js";

/** The citizen criteria that rest on the users of a service: hidden when fewer than 5 used it. */
const USER_CRITERIA = ["D", "F", "U"] as const;

/**
 * The ranking as published: the number of users of each service is a protected count; the criteria
 * resting on users (D, F, U) are withheld when that count is under 5, true or published, and every
 * criterion is rounded to 3 decimals (a criterion is a share or mean of the view's respondents).
 */
export function publishRanking(
  services: RankedService[], citizens: CitizenRecord[], stability: BootstrapResult | null, topK: number,
  keys: ArrayLike<number> = new Array<number>(citizens.length).fill(0), protect: Protection = protection(),
  staffViews?: Record<string, StaffServiceView>,
) {
  const bySvc = new Map((stability?.services ?? []).map((s) => [s.service, s]));
  const round3 = (r: object): Record<string, number | null> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, roundTo(v as number | null, 3)]));
  return services.map((s) => {
    const { n, sum } = keySumOf(keys, (i) => !!citizens[i].used[s.service]);
    const published = protect.count(n, sum);
    const few = n < MIN_CELL || published === null || published < MIN_CELL;
    const users = few ? null : published;
    const criteria: Record<string, number | null> = protect.perturbed ? round3(s.criteria) : { ...s.criteria };
    const raw: Record<string, number | null> = protect.perturbed ? round3(s.raw) : { ...s.raw };
    if (few) for (const k of USER_CRITERIA) criteria[k] = raw[k] = null;
    // The staff's criteria as published are those of the protected staff view (a share of a dozen
    // colleagues printed exactly would give away its numerator and denominator).
    const staffView = staffViews?.[s.service];
    if (protect.perturbed && staffViews) {
      raw.C = staffView?.severity ?? null;
      raw.X = staffView?.feasible ?? null;
    }
    const st = bySvc.get(s.service);
    return {
      service: s.service,
      rank: s.rank,
      score: s.score,
      criteria,
      raw,
      users,
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

/** The sample against the census: population share, raw sample share and weighted share per category. */
export function sampleAgainstMargins(
  records: CitizenRecord[], weights: readonly number[], margins: MarginsFile,
  keys: ArrayLike<number> = new Array<number>(records.length).fill(0), protect: Protection = protection(),
) {
  return Object.entries(margins.targets).flatMap(([variable, cats]) => {
    const population = Object.values(cats).reduce((s, x) => s + x, 0);
    // Shares among those the margin covers (sex "preferisco non dire" has no census category),
    // from the protected counts of the categories and of those covered.
    const coveredCell = keySumOf(keys, (j) => records[j].categories[variable] !== undefined);
    const covered = protect.count(coveredCell.n, coveredCell.sum);
    const totalWeight = records.reduce((s, r, j) => s + (r.categories[variable] !== undefined ? weights[j] : 0), 0);
    return Object.entries(cats).map(([category, target]) => {
      const cell = keySumOf(keys, (j) => records[j].categories[variable] === category);
      const count = protect.count(cell.n, cell.sum);
      const w = records.reduce((s, r, j) => s + (r.categories[variable] === category ? weights[j] : 0), 0);
      const hidden = count === null || covered === null;
      const sampleShare = hidden || covered === 0 ? null : count / covered;
      return {
        variable,
        category,
        population: target,
        populationShare: target / population,
        sampleCount: count,
        sampleShare,
        // The weighted share is the census share once raked; without raking it is the sample's own.
        weightedShare: hidden || totalWeight === 0 || cell.n === 0 ? (hidden ? null : 0) : w / totalWeight,
        short: sampleShare !== null && sampleShare < 0.8 * (target / population),
      };
    });
  });
}

/**
 * Importance–performance points: the numbers of answers are protected counts; a mean on fewer than
 * 5 answers (true or published) is not published, nor its quadrant; means are rounded to 0.1.
 */
export function publishIpa(
  ipa: IpaResult, citizens: CitizenRecord[] = [],
  keys: ArrayLike<number> = new Array<number>(citizens.length).fill(0), protect: Protection = protection(),
) {
  return {
    ...ipa,
    importanceLine: protect.perturbed ? roundTo(ipa.importanceLine, 1) : ipa.importanceLine,
    satisfactionLine: protect.perturbed ? roundTo(ipa.satisfactionLine, 1) : ipa.satisfactionLine,
    points: ipa.points.map((p) => {
      const imp = keySumOf(keys, (i) => citizens[i].importance[p.service] !== undefined);
      const sat = keySumOf(keys, (i) => typeof citizens[i].used[p.service]?.satisfaction === "number");
      const importanceN = protect.count(imp.n, imp.sum);
      const satisfactionN = protect.count(sat.n, sat.sum);
      const shown = (n: number, published: number | null) => n >= MIN_CELL && published !== null && published >= MIN_CELL;
      const round = (x: number | null) => (protect.perturbed ? roundTo(x, 1) : x);
      const importance = shown(p.importanceN, importanceN) ? round(p.importance) : null;
      const satisfaction = shown(p.satisfactionN, satisfactionN) ? round(p.satisfaction) : null;
      return {
        ...p,
        importance,
        satisfaction,
        importanceN,
        satisfactionN,
        quadrant: importance === null || satisfaction === null ? null : p.quadrant,
      };
    }),
  };
}
