import { definitionRow } from "../../admin/survey-versions.js";
import { and, eq } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { definitions, surveySettings } from "../../db/pg/schema.js";
import { PublishedVersionChanged, publishedSurvey } from "../../admin/published-surveys.js";
import type { SurveyStore } from "../types.js";
import { recordAudit } from "./audit.js";

/**
 * Published versions and fieldwork settings on PostgreSQL. Several nodes may start together and
 * publish the same files: a version is inserted once (ON CONFLICT DO NOTHING), then every node
 * compares its hash with the stored one, so a changed file under a published number is refused on all.
 */
export function createSurveyStore(db: PgDb): SurveyStore {
  return {
    async publish(surveys, now = new Date()) {
      await db.transaction(async (tx) => {
        for (const s of surveys) {
          if (s.definition.status === "draft") continue;
          const { id, version } = s.definition;
          await tx
            .insert(definitions)
            .values(definitionRow({ kind: "survey", survey: s }, now))
            .onConflictDoNothing();
          const [stored] = await tx
            .select({ hash: definitions.hash })
            .from(definitions)
            .where(and(eq(definitions.kind, "survey"), eq(definitions.id, id), eq(definitions.version, version)));
          if (stored.hash !== s.hash) throw new PublishedVersionChanged(s.file, id, version);
        }
      });
    },
    async readPublished() {
      const rows = await db.select().from(definitions).where(eq(definitions.kind, "survey"));
      return rows.map(publishedSurvey);
    },
    async findSettings(surveyId) {
      const [row] = await db.select().from(surveySettings).where(eq(surveySettings.surveyId, surveyId));
      return row;
    },
    saveSettings(surveyId, changes, entry, now = new Date()) {
      return db.transaction(async (tx) => {
        const updatedAt = now.toISOString();
        await tx
          .insert(surveySettings)
          .values({ surveyId, ...changes, updatedAt })
          .onConflictDoUpdate({ target: surveySettings.surveyId, set: { ...changes, updatedAt } });
        await recordAudit(tx, entry, now);
      });
    },
    async allSettings() {
      const rows = await db.select().from(surveySettings);
      return new Map(rows.map((s) => [s.surveyId, s]));
    },
  };
}
