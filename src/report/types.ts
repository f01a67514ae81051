import type { CriteriaWeights } from "../analysis/index.js";

export interface ReportSettings {
  criteriaWeights: CriteriaWeights;
  /** Feasibility gate: share of staff saying a generalist can at least receive and file. */
  gateThreshold: number;
  topK: number;
  replicates: number;
  seed: number;
  /** Bounds k on the weight ratio: raking keeps every weight within [1/k, k] × the mean weight (0: no bounds). */
  trim: number;
  /** Leave out responses flagged as speeders, straight-liners or duplicates. */
  excludeFlagged: boolean;
}

export const DEFAULT_SETTINGS: ReportSettings = {
  criteriaWeights: { D: 1 / 6, F: 1 / 6, U: 1 / 6, I: 1 / 6, P: 1 / 6, C: 1 / 6 },
  gateThreshold: 0.5,
  topK: 5,
  replicates: 1000,
  seed: 20261127,
  trim: 5,
  excludeFlagged: false,
};

/** A published number, or null with the reason it is hidden. */
export interface Cell {
  count: number | null;
  estimate: number | null;
  low: number | null;
  high: number | null;
  suppressed: boolean;
  /** Why the cell is withheld ("small", "derived", "view"; see WITHHELD_REASONS), or null when published. */
  reason: "small" | "view" | "derived" | null;
}

export interface ReportFilters {
  /** Margin variable → category, e.g. { quartiere: "mombello" } or { eta: "65_74" }. */
  groups: Record<string, string>;
  channel?: string;
}
