import type { Question } from "../surveys/schema.js";

/**
 * The report JSON: what `/reports/:surveyId.json`, the API (`/api/v1/surveys/:id/report`), the open
 * data and the offline file publish, and what the report pages print. Other systems read it, so it is
 * declared here, field by field, and `buildReport` must produce exactly this shape (the compiler checks).
 *
 * Rules that hold for every field:
 * - A count of respondents is disclosure-protected (cell-key perturbation, docs/disclosure-policy.md):
 *   never the exact count, except in the CLI's `report --unprotected`.
 * - `null` means withheld or not computable, never zero; where a `reason` sits beside it, it is a key of
 *   `disclosure.reasons`.
 * - Shares are fractions in [0, 1] (not percentages); means are on the scale of their question.
 * - Service, area, question, choice and category codes are the stable ids of the survey definition and
 *   the margins file; their labels are in the definition (`/reports/:surveyId/opendata-etichette.csv`).
 * - Fields are only ever added; a field's meaning never changes once published.
 */

/** The six weighted criteria of the ranking (docs/methods.md): demand, fragmentation, dissatisfaction, importance, preference, criticality for staff. */
export type Criterion = "D" | "F" | "U" | "I" | "P" | "C";

/** Weight of each criterion in the score; they sum to 1. */
export type CriteriaWeights = Record<Criterion, number>;

/** Whether staff judge that a trained generalist can handle the service: "unknown" when no staff judged it (kept in the ranking, flagged). */
export type Gate = "pass" | "fail" | "unknown";

/** The importance–performance quadrant of a service (importance on x, satisfaction on y, lines at the means). */
export type Quadrant = "concentrate here" | "keep up the good work" | "low priority" | "possible overkill";

/** Why a value is withheld: "small" (a count from 1 to 4), "view" (a filtered view too small), "derived" (it would reveal a withheld cell). */
export type WithheldReason = "small" | "view" | "derived";

/** A text in the two languages of the survey definition. */
export interface ReportText {
  it: string;
  en: string;
}

/** The settings the report was built with (administrators change them in the report's settings page). */
export interface ReportSettings {
  criteriaWeights: CriteriaWeights;
  /** Feasibility gate: share of staff saying a generalist can at least receive and file. */
  gateThreshold: number;
  /** k: how many services the recommended desk holds (the ranking's first k). */
  topK: number;
  /** Bootstrap replicates behind the rank intervals. */
  replicates: number;
  /** Seed of the bootstrap: the same data and seed give the same report. */
  seed: number;
  /** Bounds k on the weight ratio: raking keeps every weight within [1/k, k] × the mean weight (0: no bounds). */
  trim: number;
  /** Leave out responses flagged as speeders, straight-liners or duplicates. */
  excludeFlagged: boolean;
}

/** The view of the report: the whole sample, or one group of it. */
export interface ReportFilters {
  /** Margin variable → category, e.g. { quartiere: "mombello" } or { eta: "65_74" }. */
  groups: Record<string, string>;
  /** Collection channel (web, kiosk, paper, import), when the view is one channel's responses. */
  channel?: string;
}

/** A published number, or null with the reason it is hidden. */
export interface Cell {
  /** Respondents in the category (protected count). */
  count: number | null;
  /** Weighted share of the question's base, in [0, 1]. */
  estimate: number | null;
  /** 95 % interval of the share. */
  low: number | null;
  high: number | null;
  suppressed: boolean;
  /** Why the cell is withheld ("small", "derived", "view"; see WITHHELD_REASONS), or null when published. */
  reason: "small" | "view" | "derived" | null;
}

/** The survey the report is about. */
export interface ReportSurvey {
  id: string;
  /** The published version whose definition labels the report; responses of older versions are read with their own. */
  version: number;
  title: ReportText;
}

/** How the published figures are protected; the rules behind every `null`. */
export interface ReportDisclosure {
  /** "cell-key" for every published output; "none" only in the CLI's exact report. */
  method: "cell-key" | "none";
  /** Largest shift a count can receive. */
  maxNoise: number;
  /** Variance of the noise on counts of 5 or more. */
  variance: number;
  /** Perturbed counts from 1 to minCount − 1 are withheld. */
  minCount: number;
  /** A filtered view of fewer respondents is not published. */
  minView: number;
  /** Filters a view may combine. */
  maxFilters: number;
  /** A null value in the report is withheld; `reason` (where given) is a key of this map, the value an Italian sentence. */
  reasons: Record<WithheldReason, string>;
  /** Where the policy is written, in the repository. */
  policy: string;
}

/** How many answered and how many the view uses. */
export interface ReportResponses {
  /** Citizens' responses stored for the survey (all versions). */
  total: number | null;
  /** Responses in this view; null when the view is not served. */
  used: number | null;
  /** True when the view has too few responses to publish any figure: every section below is then empty. */
  tooFew: boolean;
  /** Kish effective size of the view (the whole sample's is under `weighting`). */
  effectiveN: number | null;
  /** Responses left out as flagged (speeders, straight-liners, duplicates) when the settings ask so. */
  excluded: number | null;
  /** Responses per collection channel (web, kiosk, paper, import). */
  byChannel: Record<string, number | null>;
  /** Staff responses. */
  staff: number | null;
}

/** The census margins file the weights are raked to. */
export interface ReportMargins {
  /** File name under reports/margins/. */
  file: string;
  /** True for example figures, not the comune's census: the report says so. */
  illustrative: boolean;
  /** Where the figures come from, as the file states it. */
  source: string;
}

/** The weighting of the whole sample (not of the view). */
export interface ReportWeightingSummary {
  /** "raking" to the census margins, or "none" (equal weights) without margins. */
  method: "raking" | "none";
  converged: boolean;
  iterations: number;
  /** Kish design effect of the weights. */
  deff: number;
  /** Kish effective sample size, scaled to the protected count. */
  effectiveN: number | null;
  /** Bounds on the weight ratio asked for (null: none). */
  bounds: { lower: number; upper: number } | null;
  /** Whether the weights meet the bounds (else raking ran without them). */
  boundsMet: boolean;
  /** Largest and smallest weight over the mean weight. */
  maxWeightRatio: number;
  minWeightRatio: number;
  /** Respondents split across census categories because one of theirs was unknown or not a census one. */
  fractionalUnits: number | null;
  /** The floor on the effective sample size below which no ranking is published. */
  minEffectiveN: number;
  /** What the reader must know about the weights (Italian), or null. */
  problem: string | null;
  /** Why raking failed: census groups nobody in the sample belongs to, or margins that cannot hold together. */
  diagnosis: {
    emptyGroups: { variable: string; category: string }[];
    conflicts: { variable: string; category: string; target: number; achieved: number }[];
  } | null;
  /**
   * The margin variable within whose categories the bootstrap resamples the citizens: the area the
   * questionnaire marks (`analysis.dimension` "area", e.g. "quartiere"), or "" when it marks none and
   * the citizens are resampled as one group.
   */
  strata: string;
  /** Bootstrap replicates whose raking did not converge, or could not meet the bounds. */
  replicatesNotConverged: number;
  replicatesBoundsUnmet: number;
}

/** The estimates of one closed question (matrix rows are keyed `questionId/rowId`). */
export interface QuestionReport {
  type: Question["type"];
  label: ReportText;
  /** Respondents who answered; null when under 5. */
  base: number | null;
  smallBase: boolean;
  /** Choice value → its cell. */
  categories: Record<string, Cell>;
  /** For scales: the weighted mean of the marks ("non so" left out) with its 95 % interval. */
  mean?: {
    mean: number | null;
    low: number | null;
    high: number | null;
    dontKnowShare: number | null;
    n: number | null;
  };
  /** A weighting variable: its estimates are the census values the weights are fixed to, without intervals. */
  census?: boolean;
  /** Why the base is withheld, when it is. */
  baseReason?: WithheldReason | null;
}

/** One service in the ranking (or among the excluded). */
export interface RankedServiceReport {
  /** Service code of the catalogue. */
  service: string;
  /** 1 = first; ties share a rank; null for excluded services. */
  rank: number | null;
  /** Weighted sum of the normalised criteria, in [0, 1]. */
  score: number;
  /** Criteria normalised to [0, 1] over the services (min–max), rounded to 3 decimals. */
  criteria: Record<string, number | null>;
  /** Criteria before normalisation (and X, the staff's feasibility share); D, F, U are null when fewer than 5 used the service. */
  raw: Record<string, number | null>;
  /** Citizens who used the service in the last 12 months; null when under 5. */
  users: number | null;
  fewUsers: boolean;
  /** 2.5 %–97.5 % points of the rank over the bootstrap replicates; null without bootstrap. */
  rankInterval: [number, number] | null;
  medianRank: number | null;
  /** Share of replicates in which the service passes the gate and ranks within the first k. */
  topK: number | null;
  /** The k of `topK` (the settings' topK). */
  k: number;
  gate: Gate;
  /** Share of replicates in which the service passes the gate. */
  gatePassShare: number | null;
}

/** The ranks of one service before and after a change of weights or threshold. */
export interface RankShift {
  service: string;
  baseRank: number;
  rank: number;
}

/** The ranking with one criterion's weight multiplied by a factor. */
export interface WeightSensitivity {
  criterion: Criterion;
  /** Multiplier applied to that criterion's weight, e.g. 0.8 or 1.2. */
  factor: number;
  weights: CriteriaWeights;
  /** Every ranked service with its rank before and after. */
  ranks: RankShift[];
  /** Services whose rank changed. */
  changed: number;
  maxShift: number;
}

/** The ranking with the feasibility threshold moved. */
export interface GateSensitivity {
  /** The feasibility threshold tried. */
  threshold: number;
  /** Services ranked at this threshold that the base threshold excludes, and the reverse. */
  entering: string[];
  leaving: string[];
  /** The services ranked at both thresholds, with their rank before and after. */
  ranks: RankShift[];
  /** Services among the first k at this threshold. */
  top: string[];
}

/** Best–worst scaling of importance, when the survey asks importance that way. */
export interface BestWorstSection {
  /** Respondents who answered at least one set (the protected count; null when withheld). */
  respondents: number | null;
  /** Kish effective size of those respondents, scaled to the protected count. */
  effectiveN: number | null;
  services: {
    service: string;
    /** Respondents who were shown the service (the protected count; null when withheld). */
    n: number | null;
    /** Weighted mean of (best − worst) / shown, from −1 to 1, with its 95 % interval. */
    score: number | null;
    low: number | null;
    high: number | null;
    /** Weighted share of the times shown that the service was picked as the most, and as the least, important. */
    bestShare: number | null;
    worstShare: number | null;
    /** Share of preference from the conditional logit, in [0, 1]; null when the model did not converge. */
    share: number | null;
    suppressed: boolean;
  }[];
  logitConverged: boolean;
}

/** Importance against satisfaction, per service. */
export interface IpaReport {
  /** Quadrant lines: the means over the plotted services. */
  importanceLine: number | null;
  satisfactionLine: number | null;
  points: {
    service: string;
    /** Weighted mean importance (1–10, or the best–worst score from −1 to 1), rounded to 0.1; null under 5 answers. */
    importance: number | null;
    /** Weighted mean satisfaction of users (1–10, "non so" left out), rounded to 0.1; null under 5 answers. */
    satisfaction: number | null;
    importanceN: number | null;
    satisfactionN: number | null;
    quadrant: Quadrant | null;
  }[];
}

/** A desk of the ranking's first k services, beside the best desk of the same size. */
export interface CoveragePoint {
  k: number;
  /** The recommended desk: the ranking's first k services. */
  services: string[];
  /** Weighted share of citizens who used any service all of whose services the desk covers. */
  citizensFullyServed: number;
  /** Weighted share of citizen-reported contacts (uses × frequency) that the desk handles. */
  contactsHandled: number;
  /** Share of staff-reported weekly contacts the desk handles; null without staff contact figures. */
  staffContactsHandled: number | null;
  /** The best desk of k ranked services, grown one service at a time (each time the one serving the most more citizens). */
  best: { services: string[]; citizensFullyServed: number; contactsHandled: number };
}

/** What the coverage shares are shares of. */
export interface CoverageBase {
  /** Citizens who used at least one service in the last 12 months (protected count). */
  citizens: number | null;
  /** Their weighted share of all citizens. */
  citizensShare: number | null;
}

/** The staff's view of one service, from protected counts only. */
export interface StaffServiceView {
  /** Staff who judged the service (a protected count); null when withheld. */
  n: number | null;
  /** Mean severity of the difficulties (1–5), rounded to 0.1. */
  severity: number | null;
  /** Share saying a trained generalist can at least receive and file (from protected counts). */
  feasible: number | null;
  /** Share of each feasibility answer. */
  feasibility: Record<"inform" | "file" | "process" | "specialist", number | null> | null;
}

/** Training needs on one subject. */
export interface TrainingNeed {
  /** Staff who answered (protected count). */
  answered: number | null;
  /** Staff needing no training, a basic one, an in-depth one. */
  none: number | null;
  basic: number | null;
  inDepth: number | null;
  /** Share needing some training, and an in-depth one. */
  needShare: number | null;
  inDepthShare: number | null;
}

/** The staff's answers, by macro-area only. */
export interface StaffReport {
  total: number | null;
  /** Respondents per macro-area (protected counts); areas withheld are counted in hiddenAreas. */
  byArea: Record<string, number>;
  hiddenAreas: number;
  training: {
    subjects: string[];
    /** Subject → its need over all staff. */
    overall: Record<string, TrainingNeed>;
    /** Macro-area → subject → its need. */
    byArea: Record<string, Record<string, TrainingNeed>>;
    hiddenAreas: number;
  };
  /** Service code → the staff's view of it. */
  services: Record<string, StaffServiceView>;
}

/** One census category: the sample against the population. */
export interface SampleRow {
  /** Margin variable (crossed margins as "eta*sesso") and its category ("18_29*f"). */
  variable: string;
  category: string;
  population: number;
  populationShare: number;
  sampleCount: number | null;
  sampleShare: number | null;
  /** The weighted share: the census share once raked. */
  weightedShare: number | null;
  /** True when the sample share is under 80 % of the population share. */
  short: boolean;
}

/** Data quality of the whole sample. */
export interface QualityReport {
  /** Responses given much faster than the median (paper and imports are untimed). */
  speeders: {
    count: number | null;
    medianSeconds: number | null;
    thresholdSeconds: number | null;
    untimed: number | null;
  };
  /** The same mark on every row of the importance grid, or the same positions in every best–worst set. */
  straightLiners: { count: number | null };
  duplicates: { count: number | null };
  /** Whether the flagged responses are left out (the settings' excludeFlagged). */
  excluded: boolean;
}

/** The report: one survey, one view, at one moment. */
export interface Report {
  /** When the report was built (ISO 8601). */
  generatedAt: string;
  survey: ReportSurvey;
  /** True when any response is synthetic (the demo): the report says «dati simulati». */
  synthetic: boolean;
  filters: ReportFilters;
  /** Whether this view is served; a view that is not carries no figure at all. */
  view: { served: boolean; minimum: number };
  disclosure: ReportDisclosure;
  responses: ReportResponses;
  margins: ReportMargins | null;
  weighting: ReportWeightingSummary;
  /** Why no ranking is published (ranking, excluded, sensitivity and coverage are then empty). */
  rankingWithheld: string | null;
  settings: ReportSettings;
  /** Question id (or `id/row`) → its estimates. */
  questions: Record<string, QuestionReport>;
  /** Services that pass the feasibility gate, in rank order. */
  ranking: RankedServiceReport[];
  /** Services the gate excludes (they need a specialist). */
  excluded: RankedServiceReport[];
  /** The ranking with each criterion's weight at ±20 %. */
  sensitivity: WeightSensitivity[];
  /** The ranking with the feasibility threshold moved by ±0.1: services entering or leaving it. */
  gateSensitivity: GateSensitivity[];
  bestWorst: BestWorstSection | null;
  ipa: IpaReport;
  /** The recommended desk (the ranking's top k) beside the best desk of the same size, k = 1…15. */
  coverage: CoveragePoint[];
  /** What the coverage shares are shares of: citizens who used any service in the last 12 months (and their share of all), all their contacts. */
  coverageBase: CoverageBase | null;
  staff: StaffReport;
  /** The sample against the census, per margin category; empty without margins. */
  sample: SampleRow[];
  quality: QualityReport;
}
