import {
  MIN_CELL,
  startBootstrapRanking,
  importancePerformance,
  kish,
  gateSensitivity,
  prepareCitizens,
  rankServices,
  selectCitizens,
  weightSensitivity,
  withWeights,
  type StaffRecord,
} from "../analysis/index.js";
import type { StoredResponse } from "../responses/records.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { activeServices } from "../surveys/options.js";
import type { MarginsFile } from "./margins.js";
import { publishCoverage } from "./coverage.js";
import { questionReports } from "./questions.js";
import { importanceKind, questionsByRole, staffRecord } from "./records.js";
import { bestWorstSection } from "./best-worst.js";
import { MIN_VIEW, viewServed } from "./filters-policy.js";
import { disclosureNote } from "./disclosure-note.js";
import { protection, recordKey } from "./protection.js";
import { publishIpa, publishRanking, sampleAgainstMargins } from "./publish.js";
import { publishTraining, staffServiceViews, staffSummary, withoutSmallStaffGroups } from "./staff.js";
import type { Report, ReportFilters, ReportSettings } from "./contract.js";
import { weighSample } from "./sample.js";
import { replicateStart, type ReplicateThreading } from "./replicates.js";
import { prepareHelpers } from "./helper-threads.js";
import { boundsOf } from "./weighting.js";
import { areaVariableOf } from "./dimensions.js";
import type { CodedColumn } from "./answer-columns.js";

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
  /** Threads the bootstrap's replicates may use (by default every core); the report is the same for any number. */
  threads?: number | ReplicateThreading;
}

/**
 * The giunta's report as data: weighting, estimates, ranking with rank intervals, sensitivity,
 * importance–performance, coverage, the staff view and data quality. Pure: the same input gives
 * the same report. Every published count goes through the protection layer (protection.ts: cell-key
 * perturbation, docs/disclosure-policy.md); a filtered view under MIN_VIEW respondents is not served.
 */
export function buildReport(input: ReportInput): Report {
  const { citizenSurvey, settings, margins } = input;
  // The bootstrap draws each citizen and staff member once per replicate.
  prepareHelpers(input.threads, (input.citizens.length + input.staff.length) * settings.replicates);
  const P = protection(input.protect !== false);
  const allKeys = input.citizens.map(recordKey);
  const byRole = questionsByRole(citizenSurvey);
  const { quality, kept, keptTasks, citizens, columns, weighting } = weighSample(input, P);
  const own = (i: number, variable: string) => weightingAnswer(byRole, columns, i, variable);
  const keptSet = new Set(
    settings.excludeFlagged
      ? input.citizens.flatMap((_, i) => (quality.flagged.has(i) ? [] : [i]))
      : input.citizens.map((_, i) => i),
  );
  const keptKeys = kept.map(recordKey);
  const kind = importanceKind(byRole);

  // A filter is a domain of the whole sample: weights stay those of the full raking.
  const inDomain = kept.map(
    (r, i) =>
      Object.entries(input.filters.groups).every(([v, c]) => own(i, v) === c) &&
      (!input.filters.channel || r.channel === input.filters.channel),
  );
  const filtered = Object.keys(input.filters.groups).length > 0 || !!input.filters.channel;
  // A filtered view under MIN_VIEW people is not served; the whole sample publishes nothing under 5.
  const viewSize = inDomain.filter(Boolean).length;
  const publishedViewSize = P.countOf(keptKeys, (i) => inDomain[i]);
  const served = !P.perturbed || viewServed(filtered, viewSize, publishedViewSize);
  const tooFew = viewSize < MIN_CELL || !served;
  const domainRows = tooFew ? [] : inDomain.flatMap((inside, i) => (inside ? [i] : []));
  const domain = selectCitizens(citizens, domainRows);
  const weights = tooFew ? [] : weighting.weights.filter((_, i) => inDomain[i]);
  const domainKeys = tooFew ? [] : keptKeys.filter((_, i) => inDomain[i]);

  // Design-based intervals rest on the calibrated design of the whole sample; a filtered view is a domain of it.
  const designContext =
    weighting.design && !tooFew
      ? {
          design: weighting.design,
          rows: domainRows,
          census: filtered || !margins ? new Map() : censusShares(byRole, margins),
        }
      : undefined;

  const services = citizenSurvey.catalogue ? activeServices(citizenSurvey.catalogue).map((s) => s.value) : [];
  const staffByRole = input.staffSurvey
    ? questionsByRole(input.staffSurvey)
    : (new Map() as ReturnType<typeof questionsByRole>);
  const allStaff: StaffRecord[] = input.staff.map((r) => staffRecord(staffByRole, r.answers));
  const staff = withoutSmallStaffGroups(allStaff, services);
  const staffKeys = input.staff.map(recordKey);
  const staffAreas = staffSummary(allStaff, staffKeys, P);
  const staffViews = staffServiceViews(staff, services, staffKeys, P);
  const keptCount = P.countOf(keptKeys, () => true);
  // Respondents split across census categories (a margin's category unknown or not in the census): a count too.
  const fractional = new Set(
    weighting.method === "raking" && margins
      ? citizens.categories.flatMap((c, i) => (Object.keys(margins.targets).some((v) => c[v] === undefined) ? [i] : []))
      : [],
  );
  // Effective sizes are counts too (with equal weights they are the count): scaled to the protected count.
  const scaled = (x: number, n: number, published: number | null) =>
    published === null || n === 0 ? null : (x * published) / n;

  // Weighting that failed, or too thin a sample, is a result: no ranking rests on it.
  const withheld = tooFew ? null : weighting.withheld;
  const rankable = !tooFew && !withheld && domain.n > 0;
  // The ranking, both sensitivities and the bootstrap read the same contributions of the domain: built once.
  const prepared = rankable ? prepareCitizens(domain, services) : undefined;
  const options = {
    weights,
    criteriaWeights: settings.criteriaWeights,
    gateThreshold: settings.gateThreshold,
    prepared,
  };
  const ranking = rankServices(rankable ? domain : selectCitizens(domain, []), staff, services, options);
  // Replicates are re-weighted to the census by the full sample's procedure only for the whole sample;
  // a domain keeps its weights.
  const reweigh = !filtered && weighting.method === "raking";
  const replicates = withWeights(domain, reweigh ? new Array<number>(domain.n).fill(1) : weights);
  // The replicates start now (on other threads when there are) and are collected once the other
  // figures are computed: the stability is needed last.
  const finishStability = rankable
    ? startBootstrapRanking(
        replicates,
        staff,
        services,
        {
          prepared,
          margins: reweigh ? margins?.targets : undefined,
          bounds: boundsOf(settings.trim),
          replicates: settings.replicates,
          seed: settings.seed,
          topK: settings.topK,
          criteriaWeights: settings.criteriaWeights,
          gateThreshold: settings.gateThreshold,
        },
        replicateStart(input.threads),
      )
    : () => null;
  const ranked = ranking.ranking.map((r) => r.service);
  const coverage = rankable ? publishCoverage(domain, ranked, weights, staff, domainKeys, P) : null;
  const questions = tooFew
    ? {}
    : questionReports(citizenSurvey, { columns, rows: domainRows }, kept.length, weights, designContext, domainKeys, P);
  const sensitivity = rankable ? weightSensitivity(domain, staff, services, options) : [];
  const gateSensitivities = rankable
    ? gateSensitivity(domain, staff, services, { ...options, topK: settings.topK })
    : [];
  const bestWorst =
    tooFew || kind !== "maxdiff"
      ? null
      : bestWorstSection(
          (keptTasks ?? []).flatMap((tasks, i) => (inDomain[i] ? [tasks] : [])),
          services,
          weights,
          (answered) => P.countOf(domainKeys, (i) => answered[i]),
          P.perturbed,
        );
  const ipa = tooFew
    ? { points: [], importanceLine: null, satisfactionLine: null }
    : publishIpa(importancePerformance(domain, services, weights), domain, domainKeys, P);
  const stability = finishStability();

  return {
    generatedAt: input.generatedAt,
    survey: {
      id: citizenSurvey.definition.id,
      version: citizenSurvey.definition.version,
      title: citizenSurvey.definition.title,
    },
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
      byChannel: Object.fromEntries(
        Object.keys(countBy(input.citizens.map((r) => r.channel))).map((c) => [
          c,
          P.countOf(allKeys, (i) => input.citizens[i].channel === c),
        ]),
      ),
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
      strata: areaVariableOf(citizenSurvey),
      replicatesNotConverged: stability?.replicatesNotConverged ?? 0,
      replicatesBoundsUnmet: stability?.replicatesBoundsUnmet ?? 0,
    },
    /** Why no ranking is published (ranking, excluded, sensitivity and coverage are then empty). */
    rankingWithheld: withheld,
    settings,
    questions,
    ranking: rankable
      ? publishRanking(ranking.ranking, domain, stability, settings.topK, domainKeys, P, staffViews)
      : [],
    excluded: rankable
      ? publishRanking(ranking.excluded, domain, stability, settings.topK, domainKeys, P, staffViews)
      : [],
    sensitivity,
    /** The ranking with the feasibility threshold moved by ±0.1: services entering or leaving it. */
    gateSensitivity: gateSensitivities,
    bestWorst,
    ipa,
    /** The recommended desk (the ranking's top k) beside the best desk of the same size, k = 1…15. */
    coverage: coverage?.points ?? [],
    /** What the coverage shares are shares of: citizens who used any service in the last 12 months (and their share of all), all their contacts. */
    coverageBase: coverage?.base ?? null,
    staff: {
      ...staffAreas,
      training: publishTraining(allStaff, Object.keys(staffAreas.byArea), staffKeys, P),
      services: staffViews,
    },
    sample: margins ? sampleAgainstMargins(citizens.categories, weighting.weights, margins, keptKeys, P) : [],
    quality: {
      speeders: quality.speeders,
      straightLiners: quality.straightLiners,
      duplicates: quality.duplicates,
      excluded: settings.excludeFlagged,
    },
  };
}

/** For each weighting question, the census share of each of its categories (summed over the other parts of a crossed margin). */
function censusShares(
  byRole: ReturnType<typeof questionsByRole>,
  margins: MarginsFile,
): Map<string, Record<string, number>> {
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

/** Respondent i's answer to the weighting question of `variable`, from the answer columns. */
function weightingAnswer(
  byRole: ReturnType<typeof questionsByRole>,
  columns: ReadonlyMap<string, CodedColumn>,
  i: number,
  variable: string,
): string | undefined {
  const q = (byRole.get("weighting") ?? []).find((x) => x.analysis?.variable === variable);
  const col = q ? columns.get(q.id) : undefined;
  return col ? col.values[col.codes[i]] : undefined;
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
