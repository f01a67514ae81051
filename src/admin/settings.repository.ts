import { preparedStatement, type Db } from "../db/client.js";
import { surveySettings } from "../db/schema.js";

export type SurveySettings = typeof surveySettings.$inferSelect;

/** Read at every citizen's page (is the survey open?): a statement prepared once, not built per request. */
export function findSettings(db: Db, surveyId: string): SurveySettings | undefined {
  return preparedStatement(
    db,
    "SELECT survey_id AS surveyId, status, opens_at AS opensAt, closes_at AS closesAt, draft_days AS draftDays, retain_until AS retainUntil, updated_at AS updatedAt FROM survey_settings WHERE survey_id = ?",
  ).get(surveyId) as SurveySettings | undefined;
}

export function allSettings(db: Db): Map<string, SurveySettings> {
  return new Map(
    db
      .select()
      .from(surveySettings)
      .all()
      .map((s) => [s.surveyId, s]),
  );
}

export function saveSettings(
  db: Db,
  surveyId: string,
  changes: Partial<Omit<SurveySettings, "surveyId" | "updatedAt">>,
  now = new Date(),
): void {
  db.insert(surveySettings)
    .values({ surveyId, ...changes, updatedAt: now.toISOString() })
    .onConflictDoUpdate({ target: surveySettings.surveyId, set: { ...changes, updatedAt: now.toISOString() } })
    .run();
}
