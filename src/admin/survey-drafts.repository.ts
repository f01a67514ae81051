import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { surveyDrafts } from "../db/schema.js";
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

export function findSurveyDraft(db: Db, surveyId: string): StoredDraft | undefined {
  const row = db.select().from(surveyDrafts).where(eq(surveyDrafts.surveyId, surveyId)).get();
  return row && toStoredDraft(row);
}

export function listSurveyDrafts(db: Db): StoredDraft[] {
  return db.select().from(surveyDrafts).orderBy(surveyDrafts.surveyId).all().map(toStoredDraft);
}

export function saveSurveyDraft(db: Db, draft: DraftSurvey, username: string, now = new Date()): void {
  const values = { json: JSON.stringify(draft), updatedAt: now.toISOString(), updatedBy: username };
  db.insert(surveyDrafts)
    .values({ surveyId: draft.id, ...values })
    .onConflictDoUpdate({ target: surveyDrafts.surveyId, set: values })
    .run();
}

export function deleteSurveyDraft(db: Db, surveyId: string): void {
  db.delete(surveyDrafts).where(eq(surveyDrafts.surveyId, surveyId)).run();
}

/** Deletes the draft only if it is stored exactly as `json`; false when it was changed or removed meanwhile. */
export function deleteDraftAsRead(db: Db, surveyId: string, json: string): boolean {
  const { changes } = db
    .delete(surveyDrafts)
    .where(and(eq(surveyDrafts.surveyId, surveyId), eq(surveyDrafts.json, json)))
    .run();
  return changes > 0;
}
