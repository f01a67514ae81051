import { rowMoments, PERTURBATION_TABLE } from "../analysis/cell-key.js";
import { MAX_FILTERS, MIN_VIEW } from "./filters-policy.js";
import { WITHHELD_REASONS, type Protection } from "./protection.js";

/**
 * What a reader of the report (JSON, pages, CSV dictionary) is told about its protection: the method,
 * its parameters and what each withheld value's reason means. Read from the same constants the
 * protection applies, so the note can't drift from the practice.
 */
export function disclosureNote(protect: Protection) {
  const large = rowMoments(PERTURBATION_TABLE.rows[PERTURBATION_TABLE.rows.length - 1]);
  return {
    /** "cell-key" for every published output; "none" only in the CLI's exact report. */
    method: protect.perturbed ? ("cell-key" as const) : ("none" as const),
    maxNoise: protect.table.maxNoise,
    /** Variance of the noise on counts of 5 or more. */
    variance: protect.perturbed ? large.variance : 0,
    /** Perturbed counts from 1 to minCount − 1 are withheld. */
    minCount: protect.table.smallCount,
    minView: MIN_VIEW,
    maxFilters: MAX_FILTERS,
    /** A null value in the report is withheld; `reason` (where given) is a key of this map. */
    reasons: WITHHELD_REASONS,
    policy: "docs/disclosure-policy.md",
  };
}
