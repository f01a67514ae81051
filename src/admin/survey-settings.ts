/** A survey's fieldwork settings, as stored (one row per survey id, table `survey_settings`, on either engine). */
export interface SurveySettings {
  surveyId: string;
  /** null: the definition's status holds. */
  status: "draft" | "open" | "closed" | null;
  opensAt: string | null;
  closesAt: string | null;
  /** Drafts older than this many days are purged (the definition's draftDays when null). */
  draftDays: number | null;
  /** Responses submitted before this date are deleted by the retention job (null: kept). */
  retainUntil: string | null;
  updatedAt: string;
}
