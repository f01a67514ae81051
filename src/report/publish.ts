import {
  MIN_CELL,
  type BootstrapResult,
  type CitizenColumns,
  type IpaResult,
  type RankedService,
} from "../analysis/index.js";
import type { MarginsFile } from "./margins.js";
import type { StaffServiceView } from "./staff.js";
import { keySumOf, protection, roundTo, Tally, type Protection } from "./protection.js";

/** The citizen criteria that rest on the users of a service: hidden when fewer than 5 used it. */
const USER_CRITERIA = ["D", "F", "U"] as const;

/**
 * The ranking as published: the number of users of each service is a protected count; the criteria
 * resting on users (D, F, U) are withheld when that count is under 5, true or published, and every
 * criterion is rounded to 3 decimals (a criterion is a share or mean of the view's respondents).
 */
export function publishRanking(
  services: RankedService[],
  citizens: CitizenColumns,
  stability: BootstrapResult | null,
  topK: number,
  keys: ArrayLike<number> = new Array<number>(citizens.n).fill(0),
  protect: Protection = protection(),
  staffViews?: Record<string, StaffServiceView>,
) {
  const bySvc = new Map((stability?.services ?? []).map((s) => [s.service, s]));
  const round3 = (r: object): Record<string, number | null> =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, roundTo(v as number | null, 3)]));
  const tallies = serviceTallies(citizens, keys);
  return services.map((s) => {
    const { n, sum } = tallies.users.get(s.service) ?? EMPTY;
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
  categories: ReadonlyArray<Readonly<Record<string, string>>>,
  weights: readonly number[],
  margins: MarginsFile,
  keys: ArrayLike<number> = new Array<number>(categories.length).fill(0),
  protect: Protection = protection(),
) {
  return Object.entries(margins.targets).flatMap(([variable, cats]) => {
    const population = Object.values(cats).reduce((s, x) => s + x, 0);
    // Shares among those the margin covers (sex "preferisco non dire" has no census category),
    // from the protected counts of the categories and of those covered.
    const coveredCell = keySumOf(keys, (j) => categories[j][variable] !== undefined);
    const covered = protect.count(coveredCell.n, coveredCell.sum);
    const totalWeight = categories.reduce((s, r, j) => s + (r[variable] !== undefined ? weights[j] : 0), 0);
    return Object.entries(cats).map(([category, target]) => {
      const cell = keySumOf(keys, (j) => categories[j][variable] === category);
      const count = protect.count(cell.n, cell.sum);
      const w = categories.reduce((s, r, j) => s + (r[variable] === category ? weights[j] : 0), 0);
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
  ipa: IpaResult,
  citizens?: CitizenColumns,
  keys: ArrayLike<number> = new Array<number>(citizens?.n ?? 0).fill(0),
  protect: Protection = protection(),
) {
  const tallies = citizens ? serviceTallies(citizens, keys) : NO_TALLIES;
  return {
    ...ipa,
    importanceLine: protect.perturbed ? roundTo(ipa.importanceLine, 1) : ipa.importanceLine,
    satisfactionLine: protect.perturbed ? roundTo(ipa.satisfactionLine, 1) : ipa.satisfactionLine,
    points: ipa.points.map((p) => {
      const imp = tallies.importance.get(p.service) ?? EMPTY;
      const sat = tallies.satisfaction.get(p.service) ?? EMPTY;
      const importanceN = protect.count(imp.n, imp.sum);
      const satisfactionN = protect.count(sat.n, sat.sum);
      const shown = (n: number, published: number | null) =>
        n >= MIN_CELL && published !== null && published >= MIN_CELL;
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

const EMPTY: Readonly<Tally> = new Tally();

interface ServiceTallies {
  users: Map<string, Tally>;
  importance: Map<string, Tally>;
  satisfaction: Map<string, Tally>;
}

const NO_TALLIES: ServiceTallies = { users: new Map(), importance: new Map(), satisfaction: new Map() };

/**
 * Per service, the cells of its users, of those who rated its importance and of the users who gave a
 * satisfaction score, from the columns (one pass over the uses, one down each importance column);
 * each cell adds its keys in the citizens' order, as keySumOf does.
 */
function serviceTallies(citizens: CitizenColumns, keys: ArrayLike<number>): ServiceTallies {
  const users = new Map<string, Tally>();
  const importance = new Map<string, Tally>();
  const satisfaction = new Map<string, Tally>();
  const userTally = citizens.codes.map(() => new Tally());
  const satisfactionTally = citizens.codes.map(() => new Tally());
  const { useStart, useCode } = citizens;
  for (let i = 0; i < citizens.n; i++) {
    for (let u = useStart[i]; u < useStart[i + 1]; u++) {
      userTally[useCode[u]].add(keys[i]);
      if (!Number.isNaN(citizens.satisfaction[u])) satisfactionTally[useCode[u]].add(keys[i]);
    }
  }
  citizens.codes.forEach((code, k) => {
    const rated = new Tally();
    const column = citizens.importance[k];
    for (let i = 0; i < citizens.n; i++) if (!Number.isNaN(column[i])) rated.add(keys[i]);
    // A service with no cell is read as an empty one (EMPTY), as before.
    if (userTally[k].n > 0) users.set(code, userTally[k]);
    if (satisfactionTally[k].n > 0) satisfaction.set(code, satisfactionTally[k]);
    if (rated.n > 0) importance.set(code, rated);
  });
  return { users, importance, satisfaction };
}
