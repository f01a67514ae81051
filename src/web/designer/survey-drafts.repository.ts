import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.js";
import { surveyDrafts } from "../../db/schema.js";
import type { DraftSurvey } from "./draft-survey.js";

export interface StoredDraft {
  surveyId: string;
  draft: DraftSurvey;
  updatedAt: string;
  updatedBy: string;
}

export function findSurveyDraft(db: Db, surveyId: string): StoredDraft | undefined {
  const row = db.select().from(surveyDrafts).where(eq(surveyDrafts.surveyId, surveyId)).get();
  return (
    row && {
      surveyId: row.surveyId,
      draft: JSON.parse(row.json) as DraftSurvey,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
    }
  );
}

export function listSurveyDrafts(db: Db): StoredDraft[] {
  return db
    .select()
    .from(surveyDrafts)
    .all()
    .map((row) => ({
      surveyId: row.surveyId,
      draft: JSON.parse(row.json) as DraftSurvey,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
    }));
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
