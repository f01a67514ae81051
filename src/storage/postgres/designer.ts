import { and, eq, sql } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { definitions, surveyDrafts } from "../../db/pg/schema.js";
import { toStoredDraft } from "../../admin/survey-drafts.js";
import { definitionRow, toSurveyVersion, type StoredDefinitions } from "../../admin/survey-versions.js";
import type { Catalogue } from "../../surveys/schema.js";
import type { DesignerStore } from "../types.js";
import { recordAudit } from "./audit.js";

// Ids in SQLite's byte order, whatever the database's collation: both engines list the same versions in the same order.
const BY_ID = sql`${definitions.id} COLLATE "C"`;

/** Every survey version and catalogue version (pass a transaction to read them in it). */
async function readDefinitions(db: PgDb): Promise<StoredDefinitions> {
  const rows = await db
    .select({ kind: definitions.kind, json: definitions.json, publishedAt: definitions.publishedAt })
    .from(definitions)
    .orderBy(BY_ID, definitions.version);
  return {
    surveys: rows.filter((r) => r.kind === "survey").map(toSurveyVersion),
    catalogues: rows.filter((r) => r.kind === "catalogue").map((r) => JSON.parse(r.json) as Catalogue),
  };
}

/**
 * The designer's drafts and definitions on PostgreSQL: each write and its audit line in one
 * transaction. A publication first locks `definitions` against other writers (readers go on): racing
 * publications, from any node, take turns, and each plans with every version committed before it.
 */
export function createPostgresDesignerStore(db: PgDb): DesignerStore {
  return {
    async findDraft(surveyId) {
      const [row] = await db.select().from(surveyDrafts).where(eq(surveyDrafts.surveyId, surveyId));
      return row && toStoredDraft(row);
    },
    listDrafts: async () =>
      (
        await db
          .select()
          .from(surveyDrafts)
          .orderBy(sql`${surveyDrafts.surveyId} COLLATE "C"`)
      ).map(toStoredDraft),
    saveDraft: (draft, by, entry, now = new Date()) =>
      db.transaction(async (tx) => {
        const values = { json: JSON.stringify(draft), updatedAt: now.toISOString(), updatedBy: by };
        await tx
          .insert(surveyDrafts)
          .values({ surveyId: draft.id, ...values })
          .onConflictDoUpdate({ target: surveyDrafts.surveyId, set: values });
        await recordAudit(tx, entry, now);
      }),
    deleteDraft: (surveyId, entry, now = new Date()) =>
      db.transaction(async (tx) => {
        await tx.delete(surveyDrafts).where(eq(surveyDrafts.surveyId, surveyId));
        await recordAudit(tx, entry, now);
      }),
    definitions: () => readDefinitions(db),
    publish: (plan, now = new Date()) =>
      db.transaction(async (tx) => {
        // EXCLUSIVE conflicts with every writer and with itself, not with plain reads.
        await tx.execute(sql`LOCK TABLE ${definitions} IN EXCLUSIVE MODE`);
        const decided = plan(await readDefinitions(tx));
        if (!decided.store) return decided.result;
        const { fromDraft } = decided;
        if (fromDraft) {
          // First, before anything is written: a draft changed or published meanwhile stops the publication here.
          const deleted = await tx
            .delete(surveyDrafts)
            .where(and(eq(surveyDrafts.surveyId, fromDraft.surveyId), eq(surveyDrafts.json, fromDraft.json)))
            .returning({ surveyId: surveyDrafts.surveyId });
          if (deleted.length === 0) return fromDraft.otherwise;
        }
        await tx.insert(definitions).values(definitionRow(decided.version, now));
        await recordAudit(tx, decided.audit, now);
        return decided.result;
      }),
    async definitionsStamp() {
      const [row] = await db
        .select({ n: sql<string>`count(*)`, latest: sql<string | null>`max(${definitions.publishedAt})` })
        .from(definitions);
      return `${row?.n ?? 0} ${row?.latest ?? ""}`;
    },
  };
}
