import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import {
  deleteDraftAsRead,
  deleteSurveyDraft,
  findSurveyDraft,
  listSurveyDrafts,
  saveSurveyDraft,
} from "../admin/survey-drafts.repository.js";
import { definitionsStamp, insertDefinition, readDefinitions } from "../admin/versions.repository.js";
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
