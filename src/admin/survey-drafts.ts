import type { DraftSurvey } from "../surveys/draft-survey.js";

/** A survey being designed, as stored (one row per survey id, table `survey_drafts`). */
export interface StoredDraft {
  surveyId: string;
  draft: DraftSurvey;
  updatedAt: string;
  updatedBy: string;
}

/** A row of either engine as the designer reads it. */
export function toStoredDraft(row: {
  surveyId: string;
  json: string;
  updatedAt: string;
  updatedBy: string;
}): StoredDraft {
  return {
    surveyId: row.surveyId,
    draft: JSON.parse(row.json) as DraftSurvey,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}
