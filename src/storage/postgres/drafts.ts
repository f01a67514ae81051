import { and, asc, count, eq, gt, inArray, lt } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { drafts } from "../../db/pg/schema.js";
import { recordAudit } from "./audit.js";
import { newCode, newToken, normaliseCode } from "../../responses/codes.js";
import { draftFromRow, type Draft } from "../../responses/draft.js";
import type { Answers } from "../../surveys/options.js";
import type { DraftRepository, NewDraft } from "../types.js";

const openEmpty = (surveyId: string, now: Date) =>
  and(
    eq(drafts.surveyId, surveyId),
    eq(drafts.submitted, false),
    eq(drafts.answers, "{}"),
    gt(drafts.expiresAt, now.toISOString()),
  );

async function findDraft(db: PgDb, token: string): Promise<Draft | undefined> {
  const [row] = await db.select().from(drafts).where(eq(drafts.token, token));
  return row && draftFromRow(row);
}

async function storeDraft(
  db: PgDb,
  input: NewDraft & { token: string; startedAt: string; answers: Answers },
  now = new Date(),
): Promise<Draft | undefined> {
  const { days, answers, ...rest } = input;
  // A draft lives `days` from its start, however late its first answers were stored.
  const expiresAt = new Date(Date.parse(input.startedAt) + days * 86_400_000).toISOString();
  for (;;) {
    if (await findDraft(db, input.token)) return undefined;
    const row = {
      ...rest,
      resumeCode: newCode(2),
      answers: JSON.stringify(answers),
      updatedAt: now.toISOString(),
      expiresAt,
    };
    // A resume code collision is possible (50 bits); draw again rather than fail. A token collision
    // is a double click that stored it first: the next turn finds it and answers undefined.
    const inserted = await db.insert(drafts).values(row).onConflictDoNothing().returning({ token: drafts.token });
    if (inserted.length === 1) return { ...row, answers, submitted: false };
  }
}

export function createDraftRepository(db: PgDb): DraftRepository {
  return {
    create: async (input, now = new Date()) =>
      (await storeDraft(db, { ...input, token: newToken(), startedAt: now.toISOString(), answers: {} }, now))!,
    store: (input, now) => storeDraft(db, input, now),
    find: (token) => findDraft(db, token),
    async findByResumeCode(surveyId, code) {
      const normalised = normaliseCode(code);
      if (normalised.length !== 10) return undefined;
      const formatted = `${normalised.slice(0, 5)}-${normalised.slice(5)}`;
      const [row] = await db
        .select()
        .from(drafts)
        .where(and(eq(drafts.resumeCode, formatted), eq(drafts.surveyId, surveyId)));
      return row && draftFromRow(row);
    },
    async save(token, answers, lang, now = new Date()) {
      await db
        .update(drafts)
        .set({ answers: JSON.stringify(answers), lang, updatedAt: now.toISOString() })
        .where(and(eq(drafts.token, token), eq(drafts.submitted, false)));
    },
    async countOpen(surveyId, now = new Date()) {
      const [row] = await db
        .select({ n: count() })
        .from(drafts)
        .where(
          and(eq(drafts.surveyId, surveyId), eq(drafts.submitted, false), gt(drafts.expiresAt, now.toISOString())),
        );
      return Number(row?.n ?? 0);
    },
    async countEmptyOpen(surveyId, now = new Date()) {
      const [row] = await db.select({ n: count() }).from(drafts).where(openEmpty(surveyId, now));
      return Number(row?.n ?? 0);
    },
    async evictOldestEmpty(surveyId, n, now = new Date()) {
      // SKIP LOCKED: a node evicting at the same moment takes the next oldest, not the same rows.
      const oldest = db
        .select({ token: drafts.token })
        .from(drafts)
        .where(openEmpty(surveyId, now))
        .orderBy(asc(drafts.updatedAt))
        .limit(n)
        .for("update", { skipLocked: true });
      const gone = await db.delete(drafts).where(inArray(drafts.token, oldest)).returning({ token: drafts.token });
      return gone.length;
    },
    purgeEmpty(surveyId, now = new Date(), entry) {
      return db.transaction(async (tx) => {
        const gone = await tx.delete(drafts).where(openEmpty(surveyId, now)).returning({ token: drafts.token });
        await recordAudit(tx, entry?.(gone.length), now);
        return gone.length;
      });
    },
    async purgeExpired(now = new Date()) {
      const gone = await db
        .delete(drafts)
        .where(lt(drafts.expiresAt, now.toISOString()))
        .returning({ token: drafts.token });
      return gone.length;
    },
    async deleteOpen(token) {
      await db.delete(drafts).where(and(eq(drafts.token, token), eq(drafts.submitted, false)));
    },
  };
}
