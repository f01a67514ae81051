import type { StoredResponse } from "../responses/records.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { marginsFrom, weightingChoices } from "./margins-source.js";
import { fieldworkRecords, sampleStatus, type MarginOfError, type SampleStatus } from "./sample-status.js";
import type { WeightingInputs } from "./weights.js";

export interface SamplePanel {
  /** The survey's stored responses (their days and whether synthetic). */
  responses: Pick<StoredResponse, "submittedAt" | "synthetic">[];
  /** Whether the questionnaire asks the weighting questions (age, sex, area). */
  weighted: boolean;
  margins: ReturnType<typeof marginsFrom>;
  /** The sample against the census margins, when they can be read. */
  status: SampleStatus | null;
}

/**
 * The live fieldwork panel's figures: responses so far and the sample against the census, at the margin
 * of error asked, from the survey's inputs (its responses, settings and margins read in one snapshot).
 */
export function samplePanel(
  inputs: WeightingInputs,
  survey: LoadedSurvey,
  marginsFile: string,
  margin: MarginOfError,
): SamplePanel {
  const responses = inputs.citizens;
  const weighted = weightingChoices(survey).size > 0;
  const margins = weighted ? marginsFrom(inputs.storedMargins, survey, marginsFile) : null;
  const status = margins?.ok
    ? sampleStatus(
        fieldworkRecords(
          survey,
          responses.map((r) => r.answers),
          margins.margins,
        ),
        margins.margins,
        { margin, trim: inputs.settings.trim },
      )
    : null;
  return { responses, weighted, margins, status };
}
