import { and, eq, sql } from "drizzle-orm";
import { audit } from "./sqlite-audit.js";
import type { Db } from "../db/client.js";
import { definitions, surveyDrafts } from "../db/schema.js";
import { toStoredDraft, type StoredDraft } from "../admin/survey-drafts.js";
import {
  definitionRow,
  toSurveyVersion,
  type NewDefinition,
  type StoredDefinitions,
  type StoredSurveyVersion,
} from "../admin/survey-versions.js";
import type { DraftSurvey } from "../surveys/draft-survey.js";
import type { Catalogue } from "../surveys/schema.js";
import { later } from "./later.js";
import type { DesignerStore } from "./types.js";

/** The designer's drafts and definitions on SQLite: each write and its audit line in one transaction. */
export function createSqliteDesignerStore(db: Db): DesignerStore {
  return {
    findDraft: (surveyId) => later(() => findSurveyDraft(db, surveyId)),
    listDrafts: () => later(() => listSurveyDrafts(db)),
    saveDraft: (draft, by, entry, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          saveSurveyDraft(tx, draft, by, now);
          audit(tx, entry, now);
        }),
      ),
    deleteDraft: (surveyId, entry, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          deleteSurveyDraft(tx, surveyId);
          audit(tx, entry, now);
        }),
      ),
    definitions: () => later(() => readDefinitions(db)),
    // IMMEDIATE: the write lock is taken before the plan reads, so racing publications take turns.
    publish: (plan, now = new Date()) =>
      later(() =>
        db.transaction(
          (tx) => {
            const decided = plan(readDefinitions(tx));
            if (!decided.store) return decided.result;
            const { fromDraft } = decided;
            // First, before anything is written: a draft changed or published meanwhile stops the publication here.
            if (fromDraft && !deleteDraftAsRead(tx, fromDraft.surveyId, fromDraft.json)) return fromDraft.otherwise;
            insertDefinition(tx, decided.version, now);
            audit(tx, decided.audit, now);
            return decided.result;
          },
          { behavior: "immediate" },
        ),
      ),
    definitionsStamp: () => later(() => definitionsStamp(db)),
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

/** Every published version of one survey, oldest first, exactly as stored. */
export function listSurveyVersions(db: Db, surveyId: string): StoredSurveyVersion[] {
  return db
    .select()
    .from(definitions)
    .where(and(eq(definitions.kind, "survey"), eq(definitions.id, surveyId)))
    .orderBy(definitions.version)
    .all()
    .map(toSurveyVersion);
}

/** Every catalogue version stored by the catalogue editor, oldest first. */
export function listCatalogueVersions(db: Db): Catalogue[] {
  return db
    .select({ json: definitions.json })
    .from(definitions)
    .where(eq(definitions.kind, "catalogue"))
    .orderBy(definitions.id, definitions.version)
    .all()
    .map((row) => JSON.parse(row.json) as Catalogue);
}

/** Every survey version and every catalogue version, each list in (id, version) order. */
export function readDefinitions(db: Db): StoredDefinitions {
  const surveys = db
    .select({ json: definitions.json, publishedAt: definitions.publishedAt })
    .from(definitions)
    .where(eq(definitions.kind, "survey"))
    .orderBy(definitions.id, definitions.version)
    .all()
    .map(toSurveyVersion);
  return { surveys, catalogues: listCatalogueVersions(db) };
}

/** Stores a new version; the primary key refuses a number already used. */
export function insertDefinition(db: Db, version: NewDefinition, now: Date): void {
  db.insert(definitions).values(definitionRow(version, now)).run();
}

/** Changes whenever a version is stored: how many there are and the latest date (rows are never changed nor deleted). */
export function definitionsStamp(db: Db): string {
  const row = db
    .select({ n: sql<number>`count(*)`, latest: sql<string | null>`max(${definitions.publishedAt})` })
    .from(definitions)
    .get();
  return `${row?.n ?? 0} ${row?.latest ?? ""}`;
}
