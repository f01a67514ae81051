import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { surveySettings } from "../db/schema.js";

export type SurveySettings = typeof surveySettings.$inferSelect;

export function findSettings(db: Db, surveyId: string): SurveySettings | undefined {
  return db.select().from(surveySettings).where(eq(surveySettings.surveyId, surveyId)).get();
}

export function allSettings(db: Db): Map<string, SurveySettings> {
  return new Map(db.select().from(surveySettings).all().map((s) => [s.surveyId, s]));
}

export function saveSettings(db: Db, surveyId: string, changes: Partial<Omit<SurveySettings, "surveyId" | "updatedAt">>, now = new Date()): void {
  db.insert(surveySettings)
    .values({ surveyId, ...changes, updatedAt: now.toISOString() })
    .onConflictDoUpdate({ target: surveySettings.surveyId, set: { ...changes, updatedAt: now.toISOString() } })
    .run();
}
