export { AnalysisError, type AnalysisErrorCode } from "./errors.js";
export { createRng, type Rng } from "./random.js";
export { tCdf, tQuantile } from "./student-t.js";
export {
  effectiveSize,
  meanInterval,
  weightedMeanInterval,
  weightedWilson,
  wilson,
  wilsonFromProportion,
  Z95,
  type MeanInterval,
  type ProportionInterval,
  type WeightedMeanInterval,
} from "./intervals.js";
export { rakedMeanInterval } from "./raked-variance.js";
export {
  compileMargins,
  ipf,
  type CompiledMargins,
  type IpfOptions,
  type IpfResult,
  type MarginTargets,
} from "./ipf.js";
export {
  DEFAULT_WEIGHT_BOUND,
  kish,
  MIN_EFFECTIVE_N,
  rake,
  type MarginConflict,
  type RakeOptions,
  type RakeResult,
  type WeightingDesign,
  type WeightingProblem,
  type WeightSummary,
} from "./weighting.js";
export { NO_BOUNDS, type WeightBounds } from "./calibration.js";
export { expandFragments, type Fragments } from "./fractional.js";
export { designMean, designShare, type DesignEstimate } from "./design-variance.js";
export { designShares } from "./design-shares.js";
export { completesNeeded } from "./sample-size.js";
export {
  estimateCategories,
  estimateMean,
  type CategoryEstimate,
  type ChoiceAnswer,
  type MeanEstimate,
  type NumericAnswer,
  type QuestionEstimate,
} from "./estimates.js";
export {
  CRITERIA,
  EQUAL_WEIGHTS,
  type CitizenRecord,
  type Criterion,
  type CriteriaWeights,
  type Feasibility,
  type ServiceUse,
  type StaffRecord,
  type StaffServiceView,
} from "./records.js";
export { citizenColumns, selectCitizens, withWeights, type CitizenColumns } from "./columns.js";
export {
  computeCriteria,
  prepareCitizens,
  type CriteriaOptions,
  type PreparedCitizens,
  type RawCriteria,
} from "./criteria.js";
export {
  DEFAULT_GATE_THRESHOLD,
  rankServices,
  type Gate,
  type RankedService,
  type RankingOptions,
  type RankingResult,
} from "./ranking.js";
export {
  bootstrapRanking,
  startBootstrapRanking,
  type BootstrapOptions,
  type BootstrapResult,
  type RankStability,
} from "./bootstrap.js";
export {
  gateSensitivity,
  weightSensitivity,
  type GatePerturbation,
  type RankShift,
  type WeightPerturbation,
} from "./sensitivity.js";
export { importancePerformance, type IpaPoint, type IpaResult, type Quadrant } from "./ipa.js";
export { coverageBase, coverageCurve, deskCoverage, type CoverageBase, type CoveragePoint } from "./coverage.js";
export {
  FLAG_BASE,
  isSmallBase,
  MIN_CELL,
  suppressCells,
  type CellDisclosure,
  type SuppressionReason,
} from "./suppression.js";
export {
  bestWorstEffectiveN,
  bestWorstScores,
  individualScores,
  type BestWorstScore,
  type BestWorstTask,
} from "./maxdiff.js";
export { bestWorstLogit, type LogitResult } from "./maxdiff-logit.js";
export {
  findDuplicates,
  findSpeeders,
  findStraightLiners,
  type DuplicateReport,
  type SpeederReport,
} from "./quality.js";
export { trainingNeeds, type TrainingCell, type TrainingMatrix } from "./training.js";
