import type { Db } from "../db/client.js";
import { listResponses, type StoredResponse } from "../responses/repository.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { marginsFor, weightingChoices } from "./margins-source.js";
import { fieldworkRecords, sampleStatus, type MarginOfError, type SampleStatus } from "./sample-status.js";
import { readReportSettings } from "./settings.repository.js";

export interface SamplePanel {
  /** The survey's stored responses (their days and whether synthetic). */
  responses: Pick<StoredResponse, "submittedAt" | "synthetic">[];
  /** Whether the questionnaire asks the weighting questions (age, sex, area). */
  weighted: boolean;
  margins: ReturnType<typeof marginsFor>;
  /** The sample against the census margins, when they can be read. */
  status: SampleStatus | null;
}

/** The live fieldwork panel's figures: responses so far and the sample against the census, at the margin of error asked. */
export function samplePanel(db: Db, survey: LoadedSurvey, marginsFile: string, margin: MarginOfError): SamplePanel {
  const id = survey.definition.id;
  const responses = listResponses(db, id);
  const weighted = weightingChoices(survey).size > 0;
  const margins = weighted ? marginsFor(db, survey, marginsFile) : null;
  const status = margins?.ok
    ? sampleStatus(
        fieldworkRecords(
          survey,
          responses.map((r) => r.answers),
          margins.margins,
        ),
        margins.margins,
        { margin, trim: readReportSettings(db, id).trim },
      )
    : null;
  return { responses, weighted, margins, status };
}
