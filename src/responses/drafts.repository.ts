import { and, count, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { drafts } from "../db/schema.js";
import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import { newCode, newToken, normaliseCode } from "./codes.js";

export type Channel = "web" | "kiosk" | "paper" | "import";

export interface Draft {
  token: string;
  resumeCode: string;
  surveyId: string;
  surveyVersion: number;
  channel: Channel;
  lang: Lang;
  answers: Answers;
  codeHash: string | null;
  startedAt: string;
  expiresAt: string;
  submitted: boolean;
}

export function createDraft(
  db: Db,
  input: { surveyId: string; surveyVersion: number; lang: Lang; channel: Channel; codeHash: string | null; days: number },
  now = new Date(),
): Draft {
  const expires = new Date(now.getTime() + input.days * 86_400_000).toISOString();
  for (;;) {
    const row = {
      ...input,
      token: newToken(),
      resumeCode: newCode(2),
      answers: "{}",
      startedAt: now.toISOString(),
      updatedAt: now.toISOString(),
      expiresAt: expires,
    };
    // A resume code collision is possible (50 bits); draw again rather than fail.
    const inserted = db.insert(drafts).values(row).onConflictDoNothing().run();
    if (inserted.changes === 1) return { ...row, answers: {}, submitted: false };
  }
}

export function findDraft(db: Db, token: string): Draft | undefined {
  const row = db.select().from(drafts).where(eq(drafts.token, token)).get();
  return row && toDraft(row);
}

export function findDraftByResumeCode(db: Db, surveyId: string, code: string): Draft | undefined {
  const normalised = normaliseCode(code);
  if (normalised.length !== 10) return undefined;
  const formatted = `${normalised.slice(0, 5)}-${normalised.slice(5)}`;
  const row = db.select().from(drafts).where(and(eq(drafts.resumeCode, formatted), eq(drafts.surveyId, surveyId))).get();
  return row && toDraft(row);
}

export function saveDraft(db: Db, token: string, answers: Answers, lang: Lang, now = new Date()): void {
  db.update(drafts)
    .set({ answers: JSON.stringify(answers), lang, updatedAt: now.toISOString() })
    .where(and(eq(drafts.token, token), eq(drafts.submitted, false)))
    .run();
}

/** Expired drafts (and old tombstones) are deleted with whatever they held. */
export function purgeExpiredDrafts(db: Db, now = new Date()): number {
  return db.delete(drafts).where(lt(drafts.expiresAt, now.toISOString())).run().changes;
}

export function isExpired(draft: Draft, now = new Date()): boolean {
  return draft.expiresAt < now.toISOString();
}

function toDraft(row: typeof drafts.$inferSelect): Draft {
  return {
    token: row.token,
    resumeCode: row.resumeCode,
    surveyId: row.surveyId,
    surveyVersion: row.surveyVersion,
    channel: row.channel,
    lang: row.lang,
    answers: JSON.parse(row.answers) as Answers,
    codeHash: row.codeHash,
    startedAt: row.startedAt,
    expiresAt: row.expiresAt,
    submitted: row.submitted,
  };
}

/** Drafts of a survey still open (not sent, not expired): the cap against a flood of drafts counts these. */
export function countOpenDrafts(db: Db, surveyId: string, now = new Date()): number {
  const row = db
    .select({ n: count() })
    .from(drafts)
    .where(and(eq(drafts.surveyId, surveyId), eq(drafts.submitted, false), gt(drafts.expiresAt, now.toISOString())))
    .get();
  return row?.n ?? 0;
}
