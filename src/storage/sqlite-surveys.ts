import { definitionRow } from "../admin/survey-versions.js";
import { and, eq } from "drizzle-orm";
import { audit } from "./sqlite-audit.js";
import { preparedStatement, type Db } from "../db/client.js";
import { definitions, surveySettings } from "../db/schema.js";
import { PublishedVersionChanged, publishedSurvey } from "../admin/published-surveys.js";
import type { SurveySettings } from "../admin/survey-settings.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { later } from "./later.js";
import type { SettingsChanges, SurveyStore } from "./types.js";

/** Published versions and fieldwork settings on SQLite (like src/storage/postgres/surveys.ts). */
export function createSqliteSurveyStore(db: Db): SurveyStore {
  return {
    publish: (surveys, now) => later(() => publishSurveys(db, surveys, now)),
    readPublished: () => later(() => readPublishedSurveys(db)),
    findSettings: (surveyId) => later(() => findSettings(db, surveyId)),
    allSettings: () => later(() => allSettings(db)),
    saveSettings: (surveyId, changes, entry, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          saveSettings(tx, surveyId, changes, now);
          audit(tx, entry, now);
        }),
      ),
  };
}

/**
 * Records each published survey version (with the catalogue it uses) the first time it is
 * seen, and refuses a version whose content changed under the same number.
 */
export function publishSurveys(db: Db, surveys: LoadedSurvey[], now = new Date()): void {
  db.transaction((tx) => {
    for (const s of surveys) {
      if (s.definition.status === "draft") continue;
      const { id, version } = s.definition;
      const known = tx
        .select({ hash: definitions.hash })
        .from(definitions)
        .where(and(eq(definitions.kind, "survey"), eq(definitions.id, id), eq(definitions.version, version)))
        .get();
      if (known && known.hash !== s.hash) throw new PublishedVersionChanged(s.file, id, version);
      if (!known) {
        tx.insert(definitions)
          .values(definitionRow({ kind: "survey", survey: s }, now))
          .run();
      }
    }
  });
}

/** Every version ever published, so drafts and responses of older versions can still be read. */
export function readPublishedSurveys(db: Db): LoadedSurvey[] {
  return db.select().from(definitions).where(eq(definitions.kind, "survey")).all().map(publishedSurvey);
}

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

export function saveSettings(db: Db, surveyId: string, changes: SettingsChanges, now = new Date()): void {
  db.insert(surveySettings)
    .values({ surveyId, ...changes, updatedAt: now.toISOString() })
    .onConflictDoUpdate({ target: surveySettings.surveyId, set: { ...changes, updatedAt: now.toISOString() } })
    .run();
}
