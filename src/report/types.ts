import type { ReportSettings } from "./contract.js";

/** The report JSON's settings, filters and cells are declared in contract.ts. */
export type { Cell, ReportFilters, ReportSettings } from "./contract.js";

/** A census margins file uploaded for a survey, as stored (the same columns on both engines). */
export interface StoredMargins {
  surveyId: string;
  name: string;
  csv: string;
  illustrative: boolean;
  source: string;
  uploadedAt: string;
  uploadedBy: string;
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

/** Stored settings (the JSON of a settings row) over the defaults; the defaults when none were saved. */
export function settingsFromJson(json: string | undefined): ReportSettings {
  return json === undefined
    ? DEFAULT_SETTINGS
    : { ...DEFAULT_SETTINGS, ...(JSON.parse(json) as Partial<ReportSettings>) };
}
