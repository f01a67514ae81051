import {
  MIN_CELL,
  bootstrapRanking, findDuplicates, findSpeeders, findStraightLiners, importancePerformance, kish,
  gateSensitivity, rankServices, weightSensitivity, type CitizenRecord, type StaffRecord,
} from "../analysis/index.js";
import type { StoredResponse } from "../responses/repository.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { activeServices } from "../surveys/options.js";
import type { MarginsFile } from "./margins.js";
import { publishCoverage } from "./coverage.js";
import { questionReports } from "./questions.js";
import { bestWorstTasks, citizenRecord, importanceKind, questionsByRole, staffRecord } from "./records.js";
import { bestWorstSection } from "./best-worst.js";
import { MIN_VIEW, viewServed } from "./filters-policy.js";
import { disclosureNote } from "./disclosure-note.js";
import { protection, recordKey } from "./protection.js";
import { publishIpa, publishRanking, sampleAgainstMargins } from "./publish.js";
import { publishTraining, staffServiceViews, staffSummary, withoutSmallStaffGroups } from "./staff.js";
import type { ReportFilters, ReportSettings } from "./types.js";
import { boundsOf, weighForReport } from "./weighting.js";

export interface ReportInput {
  citizenSurvey: LoadedSurvey;
  /** Older published versions of the citizen survey, by version, for reading their responses. */
  citizenVersions?: ReadonlyMap<number, LoadedSurvey>;
  citizens: StoredResponse[];
  staffSurvey?: LoadedSurvey;
  staff: StoredResponse[];
  margins?: MarginsFile;
  /** Why no margins are used (a file that does not fit the questionnaire), said in the report. */
  marginsProblem?: string;
  settings: ReportSettings;
  filters: ReportFilters;
  generatedAt: string;
  /** False only for the CLI's exact report (`report --unprotected`): every published output is protected. */
  protect?: boolean;
}

const STRATA_VARIABLE = "quartiere";

/**
 * The giunta's report as data: weighting, estimates, ranking with rank intervals, sensitivity,
 * importance–performance, coverage, the staff view and data quality. Pure: the same input gives
 * the same report. Every published count goes through the protection layer (protection.ts: cell-key
 * perturbation, docs/disclosure-policy.md); a filtered view under MIN_VIEW respondents is not served.
 */
export function buildReport(input: ReportInput) {
  const { citizenSurvey, settings, margins } = input;
  const P = protection(input.protect !== false);
  const allKeys = input.citizens.map(recordKey);
  const byRole = questionsByRole(citizenSurvey);
  const own = (r: StoredResponse, variable: string) => weightingAnswer(byRole, r, variable);

  const { quality, kept, records, weighting } = weighSample(input, P);
  const keptSet = new Set(settings.excludeFlagged ? input.citizens.flatMap((_, i) => (quality.flagged.has(i) ? [] : [i])) : input.citizens.map((_, i) => i));
  const keptKeys = kept.map(recordKey);
  const kind = importanceKind(byRole);
  const versionOf = versionReader(input);

  // A filter is a domain of the whole sample: weights stay those of the full raking.
  const inDomain = kept.map((r) =>
    Object.entries(input.filters.groups).every(([v, c]) => own(r, v) === c) && (!input.filters.channel || r.channel === input.filters.channel),
  );
  const filtered = Object.keys(input.filters.groups).length > 0 || !!input.filters.channel;
  // A filtered view under MIN_VIEW people is not served; the whole sample publishes nothing under 5.
  const viewSize = inDomain.filter(Boolean).length;
  const publishedViewSize = P.countOf(keptKeys, (i) => inDomain[i]);
  const served = !P.perturbed || viewServed(filtered, viewSize, publishedViewSize);
  const tooFew = viewSize < MIN_CELL || !served;
  const domain = tooFew ? [] : records.filter((_, i) => inDomain[i]);
  const weights = tooFew ? [] : weighting.weights.filter((_, i) => inDomain[i]);
  const domainKeys = tooFew ? [] : keptKeys.filter((_, i) => inDomain[i]);

  // Design-based intervals rest on the calibrated design of the whole sample; a filtered view is a domain of it.
  const designContext = weighting.design && !tooFew
    ? { design: weighting.design, rows: inDomain.flatMap((inside, i) => (inside ? [i] : [])), census: filtered || !margins ? new Map() : censusShares(byRole, margins) }
    : undefined;

  const services = citizenSurvey.catalogue ? activeServices(citizenSurvey.catalogue).map((s) => s.value) : [];
  const staffByRole = input.staffSurvey ? questionsByRole(input.staffSurvey) : new Map();
  const allStaff: StaffRecord[] = input.staff.map((r) => staffRecord(staffByRole, r.answers));
  const staff = withoutSmallStaffGroups(allStaff, services);
  const staffKeys = input.staff.map(recordKey);
  const staffAreas = staffSummary(allStaff, staffKeys, P);
  const staffViews = staffServiceViews(staff, services, staffKeys, P);
  const keptCount = P.countOf(keptKeys, () => true);
  // Respondents split across census categories (a margin's category unknown or not in the census): a count too.
  const fractional = new Set(weighting.method === "raking" && margins
    ? records.flatMap((r, i) => (Object.keys(margins.targets).some((v) => r.categories[v] === undefined) ? [i] : []))
    : []);
  // Effective sizes are counts too (with equal weights they are the count): scaled to the protected count.
  const scaled = (x: number, n: number, published: number | null) => (published === null || n === 0 ? null : (x * published) / n);

  const options = { weights, criteriaWeights: settings.criteriaWeights, gateThreshold: settings.gateThreshold };
  // Weighting that failed, or too thin a sample, is a result: no ranking rests on it.
  const withheld = tooFew ? null : weighting.withheld;
  const rankable = !tooFew && !withheld && domain.length > 0;
  const ranking = rankServices(rankable ? domain : [], staff, services, options);
  // Replicates are re-weighted to the census by the full sample's procedure only for the whole sample;
  // a domain keeps its weights.
  const reweigh = !filtered && weighting.method === "raking";
  const replicateRecords = domain.map((r, i) => ({ ...r, weight: reweigh ? 1 : weights[i] }));
  const stability = rankable
    ? bootstrapRanking(replicateRecords, staff, services, {
        margins: reweigh ? margins?.targets : undefined, bounds: boundsOf(settings.trim), replicates: settings.replicates, seed: settings.seed,
        topK: settings.topK, criteriaWeights: settings.criteriaWeights, gateThreshold: settings.gateThreshold,
      })
    : null;
  const ranked = ranking.ranking.map((r) => r.service);
  const coverage = rankable ? publishCoverage(domain, ranked, weights, staff, domainKeys, P) : null;

  return {
    generatedAt: input.generatedAt,
    survey: { id: citizenSurvey.definition.id, version: citizenSurvey.definition.version, title: citizenSurvey.definition.title },
    synthetic: input.citizens.some((r) => r.synthetic) || input.staff.some((r) => r.synthetic),
    filters: input.filters,
    /** Whether this view is served; a view that is not carries no figure at all. */
    view: { served, minimum: MIN_VIEW },
    disclosure: disclosureNote(P),
    responses: {
      total: P.countOf(allKeys, () => true),
      used: served ? publishedViewSize : null,
      tooFew,
      /** Kish effective size of the view (the whole sample's is under `weighting`). */
      effectiveN: tooFew ? null : scaled(kish(weights).effectiveN, viewSize, publishedViewSize),
      excluded: P.countOf(allKeys, (i) => !keptSet.has(i)),
      byChannel: Object.fromEntries(Object.keys(countBy(input.citizens.map((r) => r.channel))).map((c) => [c, P.countOf(allKeys, (i) => input.citizens[i].channel === c)])),
      staff: P.countOf(staffKeys, () => true),
    },
    margins: margins ? { file: margins.name, illustrative: margins.illustrative, source: margins.source } : null,
    weighting: {
      method: weighting.method,
      converged: weighting.converged,
      iterations: weighting.iterations,
      deff: weighting.deff,
      effectiveN: scaled(weighting.effectiveN, kept.length, keptCount),
      bounds: weighting.method === "raking" ? weighting.bounds : null,
      boundsMet: weighting.boundsMet,
      maxWeightRatio: weighting.maxWeightRatio,
      minWeightRatio: weighting.minWeightRatio,
      fractionalUnits: P.countOf(keptKeys, (i) => fractional.has(i)),
      minEffectiveN: weighting.minEffectiveN,
      problem: weighting.problem,
      diagnosis: weighting.diagnosis,
      replicatesNotConverged: stability?.replicatesNotConverged ?? 0,
      replicatesBoundsUnmet: stability?.replicatesBoundsUnmet ?? 0,
    },
    /** Why no ranking is published (ranking, excluded, sensitivity and coverage are then empty). */
    rankingWithheld: withheld,
    settings,
    questions: tooFew ? {} : questionReports(citizenSurvey, kept.filter((_, i) => inDomain[i]).map((r) => r.answers), weights, designContext, domainKeys, P),
    ranking: rankable ? publishRanking(ranking.ranking, domain, stability, settings.topK, domainKeys, P, staffViews) : [],
    excluded: rankable ? publishRanking(ranking.excluded, domain, stability, settings.topK, domainKeys, P, staffViews) : [],
    sensitivity: rankable ? weightSensitivity(domain, staff, services, options) : [],
    /** The ranking with the feasibility threshold moved by ±0.1: services entering or leaving it. */
    gateSensitivity: rankable ? gateSensitivity(domain, staff, services, { ...options, topK: settings.topK }) : [],
    bestWorst: tooFew || kind !== "maxdiff" ? null : bestWorstSection(
      kept.flatMap((r, i) => (inDomain[i] ? [bestWorstTasks(versionOf(r.surveyVersion).byRole, r.answers, versionOf(r.surveyVersion).catalogue)] : [])),
      services,
      weights,
      (answered) => P.countOf(domainKeys, (i) => answered[i]),
    ),
    ipa: tooFew ? { points: [], importanceLine: null, satisfactionLine: null } : publishIpa(importancePerformance(domain, services, weights), domain, domainKeys, P),
    /** The recommended desk (the ranking's top k) beside the best desk of the same size, k = 1…15. */
    coverage: coverage?.points ?? [],
    /** What the coverage shares are shares of: citizens who used any service in the last 12 months (and their share of all), all their contacts. */
    coverageBase: coverage?.base ?? null,
    staff: { ...staffAreas, training: publishTraining(allStaff, Object.keys(staffAreas.byArea), staffKeys, P), services: staffViews },
    sample: margins ? sampleAgainstMargins(records, weighting.weights, margins, keptKeys, P) : [],
    quality: { speeders: quality.speeders, straightLiners: quality.straightLiners, duplicates: quality.duplicates, excluded: settings.excludeFlagged },
  };
}

export type Report = ReturnType<typeof buildReport>;

/**
 * The sample the report weights and its weights: data quality on the whole sample (flagged responses
 * are listed, and left out only if asked), then raking. The analysts' export takes its weights
 * from here, so they are the report's own.
 */
export function weighSample(input: Pick<ReportInput, "citizenSurvey" | "citizenVersions" | "citizens" | "margins" | "settings" | "marginsProblem">, P = protection()) {
  const byRole = questionsByRole(input.citizenSurvey);
  const marginCategories = new Map(Object.entries(input.margins?.targets ?? {}).map(([v, cats]) => [v, new Set(Object.keys(cats))]));
  const kind = importanceKind(byRole);
  const versionOf = versionReader(input);
  const positional = kind === "maxdiff" ? (r: StoredResponse) => positionalAnswers(versionOf(r.surveyVersion), r.answers) : null;
  const quality = qualityFlags(input.citizens, byRole, P, input.citizens.map(recordKey), positional);
  const kept = input.settings.excludeFlagged ? input.citizens.filter((_, i) => !quality.flagged.has(i)) : input.citizens;
  // Each response is read with its own survey version (a best–worst design belongs to a version).
  const records: CitizenRecord[] = kept.map((r) => {
    const v = versionOf(r.surveyVersion);
    return citizenRecord(v.byRole, r.answers, marginCategories, STRATA_VARIABLE, { catalogue: v.catalogue, kind });
  });
  const weighting = weighForReport(records, input.margins, input.settings.trim, input.marginsProblem);
  return { quality, kept, records, weighting };
}

/** For each weighting question, the census share of each of its categories (summed over the other parts of a crossed margin). */
function censusShares(byRole: ReturnType<typeof questionsByRole>, margins: MarginsFile): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const q of byRole.get("weighting") ?? []) {
    const variable = q.analysis?.variable;
    const margin = Object.keys(margins.targets).find((v) => v.split("*").includes(variable ?? ""));
    if (!variable || !margin) continue;
    const k = margin.split("*").indexOf(variable);
    const shares: Record<string, number> = {};
    let total = 0;
    for (const [category, population] of Object.entries(margins.targets[margin])) {
      const value = category.split("*")[k];
      shares[value] = (shares[value] ?? 0) + population;
      total += population;
    }
    for (const value of Object.keys(shares)) shares[value] /= total;
    out.set(q.id, shares);
  }
  return out;
}

type VersionView = { byRole: ReturnType<typeof questionsByRole>; catalogue: LoadedSurvey["catalogue"] };

function versionReader(input: Pick<ReportInput, "citizenSurvey" | "citizenVersions">): (version: number) => VersionView {
  const cache = new Map<number, VersionView>();
  return (version) => {
    let found = cache.get(version);
    if (!found) {
      const survey = input.citizenVersions?.get(version) ?? input.citizenSurvey;
      cache.set(version, (found = { byRole: questionsByRole(survey), catalogue: survey.catalogue }));
    }
    return found;
  };
}

function weightingAnswer(byRole: ReturnType<typeof questionsByRole>, r: StoredResponse, variable: string): string | undefined {
  const q = (byRole.get("weighting") ?? []).find((x) => x.analysis?.variable === variable);
  return q ? r.answers[q.id] : undefined;
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

const UNTIMED = new Set(["paper", "import"]);

/**
 * A best–worst answer's "straight line": the positions picked in each set (best·10 + worst). The same
 * pair in every set is answering by position, not by content.
 */
function positionalAnswers(version: VersionView, answers: StoredResponse["answers"]): number[] {
  return bestWorstTasks(version.byRole, answers, version.catalogue).map((t) => t.items.indexOf(t.best) * 10 + t.items.indexOf(t.worst));
}

function qualityFlags(responses: StoredResponse[], byRole: ReturnType<typeof questionsByRole>, P: ReturnType<typeof protection>, keys: number[], positional: ((r: StoredResponse) => number[]) | null) {
  const countOf = (indices: readonly number[]) => {
    const set = new Set(indices);
    return P.countOf(keys, (i) => set.has(i));
  };
  // Only a measured time judges a speeder: paper forms typed in and imports have none (older rows
  // stored the submission time as the start, hence the channel check too).
  const durations = responses.map((r) => (r.startedAt === null || UNTIMED.has(r.channel) ? null : (Date.parse(r.submittedAt) - Date.parse(r.startedAt)) / 1000));
  const speeders = findSpeeders(durations);
  // Straight-lining: the same mark on every row of the importance grid, or the same positions in every best–worst set.
  const grid = (byRole.get("importance") ?? []).find((q) => q.type === "matrix" && !!q.scale);
  const grids = responses.map((r) =>
    positional ? positional(r) : grid ? Object.entries(r.answers).filter(([k]) => k.startsWith(`${grid.id}/`)).map(([, v]) => (v === "non_so" ? null : Number(v))) : [],
  );
  const straight = findStraightLiners(grids);
  const duplicates = findDuplicates(responses.map((r) => r.answers));
  const flagged = new Set([...speeders.flagged, ...straight, ...duplicates.flagged]);
  return {
    flagged,
    speeders: { count: countOf(speeders.flagged), medianSeconds: speeders.median, thresholdSeconds: speeders.threshold, untimed: countOf(durations.flatMap((d, i) => (d === null ? [i] : []))) },
    straightLiners: { count: countOf(straight) },
    duplicates: { count: countOf(duplicates.flagged) },
  };
}
