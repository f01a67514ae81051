import {
  AnalysisError,
  bootstrapRanking, coverageCurve, findDuplicates, findSpeeders, findStraightLiners, importancePerformance, kish, rake,
  rankServices, weightSensitivity, type CitizenRecord, type StaffRecord,
} from "../analysis/index.js";
import type { StoredResponse } from "../responses/repository.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { activeServices } from "../surveys/options.js";
import type { MarginsFile } from "./margins.js";
import { questionReports } from "./questions.js";
import { citizenRecord, questionsByRole, staffRecord } from "./records.js";
import { publishCount, publishRanking, publishTraining, sampleAgainstMargins } from "./publish.js";
import { staffServiceViews, staffSummary, withoutSmallStaffGroups } from "./staff.js";
import type { ReportFilters, ReportSettings } from "./types.js";

export interface ReportInput {
  citizenSurvey: LoadedSurvey;
  citizens: StoredResponse[];
  staffSurvey?: LoadedSurvey;
  staff: StoredResponse[];
  margins?: MarginsFile;
  /** Why no margins are used (a file that does not fit the questionnaire), said in the report. */
  marginsProblem?: string;
  settings: ReportSettings;
  filters: ReportFilters;
  generatedAt: string;
}

const STRATA_VARIABLE = "quartiere";

/**
 * The giunta's report as data: weighting, estimates, ranking with rank intervals, sensitivity,
 * importance–performance, coverage, the staff view and data quality. Pure: the same input gives
 * the same report. Every published number rests on at least 5 respondents.
 */
export function buildReport(input: ReportInput) {
  const { citizenSurvey, settings, margins } = input;
  const byRole = questionsByRole(citizenSurvey);
  const marginCategories = new Map(Object.entries(margins?.targets ?? {}).map(([v, cats]) => [v, new Set(Object.keys(cats))]));
  const own = (r: StoredResponse, variable: string) => weightingAnswer(byRole, r, variable);

  // Data quality on the whole sample; flagged responses are listed, and left out only if asked.
  const quality = qualityFlags(input.citizens, byRole);
  const kept = settings.excludeFlagged ? input.citizens.filter((_, i) => !quality.flagged.has(i)) : input.citizens;
  const records: CitizenRecord[] = kept.map((r) => citizenRecord(byRole, r.answers, marginCategories, STRATA_VARIABLE));

  const weighting = weigh(records, margins, settings, input.marginsProblem);

  // A filter is a domain of the whole sample: weights stay those of the full raking.
  const inDomain = kept.map((r) =>
    Object.entries(input.filters.groups).every(([v, c]) => own(r, v) === c) && (!input.filters.channel || r.channel === input.filters.channel),
  );
  const domain = records.filter((_, i) => inDomain[i]);
  const weights = weighting.weights.filter((_, i) => inDomain[i]);
  const filtered = Object.keys(input.filters.groups).length > 0 || !!input.filters.channel;

  const services = citizenSurvey.catalogue ? activeServices(citizenSurvey.catalogue).map((s) => s.value) : [];
  const staffByRole = input.staffSurvey ? questionsByRole(input.staffSurvey) : new Map();
  const allStaff: StaffRecord[] = input.staff.map((r) => staffRecord(staffByRole, r.answers));
  const staff = withoutSmallStaffGroups(allStaff, services);

  const options = { weights, criteriaWeights: settings.criteriaWeights, gateThreshold: settings.gateThreshold };
  const ranking = rankServices(domain, staff, services, options);
  // Replicates are re-raked to the census only for the whole sample; a domain keeps its weights.
  const replicateRecords = domain.map((r, i) => ({ ...r, weight: filtered || weighting.method !== "raking" ? weights[i] : 1 }));
  const stability = domain.length > 0
    ? bootstrapRanking(replicateRecords, staff, services, {
        margins: filtered || weighting.method !== "raking" ? undefined : margins?.targets, missing: "skip", replicates: settings.replicates, seed: settings.seed,
        topK: settings.topK, criteriaWeights: settings.criteriaWeights, gateThreshold: settings.gateThreshold,
      })
    : null;
  const ranked = ranking.ranking.map((r) => r.service);

  return {
    generatedAt: input.generatedAt,
    survey: { id: citizenSurvey.definition.id, version: citizenSurvey.definition.version, title: citizenSurvey.definition.title },
    synthetic: input.citizens.some((r) => r.synthetic) || input.staff.some((r) => r.synthetic),
    filters: input.filters,
    responses: {
      total: input.citizens.length,
      used: domain.length,
      excluded: publishCount(input.citizens.length - kept.length),
      byChannel: countBy(input.citizens.map((r) => r.channel)),
      staff: input.staff.length,
    },
    margins: margins ? { file: margins.name, illustrative: margins.illustrative, source: margins.source } : null,
    weighting: {
      method: weighting.method,
      converged: weighting.converged,
      iterations: weighting.iterations,
      deff: weighting.deff,
      effectiveN: weighting.effectiveN,
      trim: weighting.method === "raking" ? settings.trim : 0,
      problem: weighting.problem,
    },
    settings,
    questions: questionReports(citizenSurvey, kept.filter((_, i) => inDomain[i]).map((r) => r.answers), weights),
    ranking: publishRanking(ranking.ranking, domain, stability, settings.topK),
    excluded: publishRanking(ranking.excluded, domain, stability, settings.topK),
    sensitivity: domain.length > 0 ? weightSensitivity(domain, staff, services, options) : [],
    ipa: importancePerformance(domain, services, weights),
    coverage: coverageCurve(domain, ranked, { weights, staff, maxK: Math.min(ranked.length, 15) }).map((p) => ({
      k: p.k, services: p.services, citizensFullyServed: p.citizensFullyServed, contactsHandled: p.contactsHandled,
    })),
    staff: { ...staffSummary(allStaff), training: publishTraining(staffSummary(allStaff).training), services: staffServiceViews(staff, services) },
    sample: margins ? sampleAgainstMargins(records, weighting.weights, margins) : [],
    quality: { speeders: quality.speeders, straightLiners: quality.straightLiners, duplicates: quality.duplicates, excluded: settings.excludeFlagged },
  };
}

export type Report = ReturnType<typeof buildReport>;

/**
 * Raking to the census margins. When the sample can't be raked (a quartiere with nobody yet, early
 * in the fieldwork) the report stays unweighted and says why, instead of failing.
 */
function weigh(records: CitizenRecord[], margins: MarginsFile | undefined, settings: ReportSettings, marginsProblem?: string) {
  const unweighted = (problem: string | null) => ({
    method: "none" as const, weights: records.map(() => 1), converged: true, iterations: 0, problem, ...kish(records.map(() => 1)),
  });
  if (!margins) return unweighted(marginsProblem ?? "Nessun file di margini: le stime non sono ponderate.");
  if (records.length === 0) return unweighted(null);
  try {
    const raked = rake(records.map((r) => r.categories), margins.targets, { missing: "skip", trim: settings.trim > 0 ? settings.trim : false });
    return { ...raked, problem: raked.converged ? null : "La ponderazione non è arrivata a convergenza: le stime vanno lette con cautela." };
  } catch (error) {
    if (!(error instanceof AnalysisError)) throw error;
    return unweighted(`Le stime non sono ponderate: il campione non si può ancora ponderare ai margini (${error.message}).`);
  }
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

function qualityFlags(responses: StoredResponse[], byRole: ReturnType<typeof questionsByRole>) {
  const durations = responses.map((r) => (Date.parse(r.submittedAt) - Date.parse(r.startedAt)) / 1000);
  const speeders = findSpeeders(durations);
  const grid = (byRole.get("importance") ?? [])[0];
  const grids = responses.map((r) =>
    grid ? Object.entries(r.answers).filter(([k]) => k.startsWith(`${grid.id}/`)).map(([, v]) => (v === "non_so" ? null : Number(v))) : [],
  );
  const straight = findStraightLiners(grids);
  const duplicates = findDuplicates(responses.map((r) => r.answers));
  const flagged = new Set([...speeders.flagged, ...straight, ...duplicates.flagged]);
  return {
    flagged,
    speeders: { count: publishCount(speeders.flagged.length), medianSeconds: speeders.median, thresholdSeconds: speeders.threshold },
    straightLiners: { count: publishCount(straight.length) },
    duplicates: { count: publishCount(duplicates.flagged.length) },
  };
}
