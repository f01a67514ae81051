import { and, asc, count, eq, gt, inArray, lt, sql } from "drizzle-orm";
import { preparedStatement, rawClient, type Db } from "../db/client.js";
import { drafts } from "../db/schema.js";
import type { Lang } from "../surveys/messages.js";
import type { Answers } from "../surveys/options.js";
import { newCode, newToken, normaliseCode } from "../responses/codes.js";
import { draftFromRow, type Draft } from "../responses/draft.js";
import type { NewDraft } from "./types.js";

export function createDraft(db: Db, input: NewDraft, now = new Date()): Draft {
  return storeDraft(db, { ...input, token: newToken(), startedAt: now.toISOString(), answers: {} }, now) as Draft;
}

/**
 * Stores a draft under a token chosen beforehand (the id of a pending link); undefined when a draft
 * with that token is already there (a double click stored it first).
 */
export function storeDraft(
  db: Db,
  input: NewDraft & { token: string; startedAt: string; answers: Answers },
  now = new Date(),
): Draft | undefined {
  const { days, answers, ...rest } = input;
  // A draft lives `days` from its start, however late its first answers were stored.
  const expires = new Date(Date.parse(input.startedAt) + days * 86_400_000).toISOString();
  for (;;) {
    if (findDraft(db, input.token)) return undefined;
    const row = {
      ...rest,
      resumeCode: newCode(2),
      answers: JSON.stringify(answers),
      updatedAt: now.toISOString(),
      expiresAt: expires,
    };
    // A resume code collision is possible (50 bits); draw again rather than fail.
    const inserted = db.insert(drafts).values(row).onConflictDoNothing().run();
    if (inserted.changes === 1) return { ...row, answers, submitted: false };
  }
}

// Read at every page a citizen opens or sends: built and prepared once per connection, not per call.
const draftByToken = (db: Db) =>
  db
    .select()
    .from(drafts)
    .where(eq(drafts.token, sql.placeholder("token")))
    .prepare();
const preparedDraftQueries = new WeakMap<object, ReturnType<typeof draftByToken>>();

export function findDraft(db: Db, token: string): Draft | undefined {
  const client = rawClient(db);
  let query = preparedDraftQueries.get(client);
  if (!query) preparedDraftQueries.set(client, (query = draftByToken(db)));
  const row = query.get({ token });
  return row && draftFromRow(row);
}

export function findDraftByResumeCode(db: Db, surveyId: string, code: string): Draft | undefined {
  const normalised = normaliseCode(code);
  if (normalised.length !== 10) return undefined;
  const formatted = `${normalised.slice(0, 5)}-${normalised.slice(5)}`;
  const row = db
    .select()
    .from(drafts)
    .where(and(eq(drafts.resumeCode, formatted), eq(drafts.surveyId, surveyId)))
    .get();
  return row && draftFromRow(row);
}

/** At every page a citizen sends: a statement prepared once per connection. A sent draft is never changed. */
export function saveDraft(db: Db, token: string, answers: Answers, lang: Lang, now = new Date()): void {
  preparedStatement(
    db,
    "UPDATE drafts SET answers = ?, lang = ?, updated_at = ? WHERE token = ? AND submitted = 0",
  ).run(JSON.stringify(answers), lang, now.toISOString(), token);
}

/**
 * A sent draft becomes a tombstone: no answers, no code hash, marked sent; a staff draft's times are
 * cut to the day (`tombstone` gives them). Runs at every sending: a statement prepared once per connection.
 */
export function markDraftSubmitted(
  db: Db,
  token: string,
  tombstone: { updatedAt: string; startedAt?: string; expiresAt?: string },
): void {
  preparedStatement(
    db,
    "UPDATE drafts SET submitted = 1, answers = '{}', code_hash = NULL, updated_at = @updatedAt, started_at = coalesce(@startedAt, started_at), expires_at = coalesce(@expiresAt, expires_at) WHERE token = @token",
  ).run({
    token,
    updatedAt: tombstone.updatedAt,
    startedAt: tombstone.startedAt ?? null,
    expiresAt: tombstone.expiresAt ?? null,
  });
}

/** Expired drafts (and old tombstones) are deleted with whatever they held. */
export function purgeExpiredDrafts(db: Db, now = new Date()): number {
  return db.delete(drafts).where(lt(drafts.expiresAt, now.toISOString())).run().changes;
}

/**
 * Drafts of a survey still open (not sent, not expired): the cap against a flood of drafts counts these
 * at every start, from the index `drafts_open` alone (tests/db/hot-reads.test.ts checks the plan).
 */
export function countOpenDrafts(db: Db, surveyId: string, now = new Date()): number {
  return openDraftsCount(db, surveyId, now).get()?.n ?? 0;
}

export function openDraftsCount(db: Db, surveyId: string, now: Date) {
  return db
    .select({ n: count() })
    .from(drafts)
    .where(and(eq(drafts.surveyId, surveyId), eq(drafts.submitted, false), gt(drafts.expiresAt, now.toISOString())));
}

const openEmpty = (surveyId: string, now: Date) =>
  and(
    eq(drafts.surveyId, surveyId),
    eq(drafts.submitted, false),
    eq(drafts.answers, "{}"),
    gt(drafts.expiresAt, now.toISOString()),
  );

/** Open drafts of a survey holding no answer at all. */
export function countEmptyOpenDrafts(db: Db, surveyId: string, now = new Date()): number {
  return db.select({ n: count() }).from(drafts).where(openEmpty(surveyId, now)).get()?.n ?? 0;
}

/** Deletes the `n` oldest open drafts without answers (room for new ones under the cap); returns how many. */
export function evictOldestEmptyDrafts(db: Db, surveyId: string, n: number, now = new Date()): number {
  const oldest = db
    .select({ token: drafts.token })
    .from(drafts)
    .where(openEmpty(surveyId, now))
    .orderBy(asc(drafts.updatedAt))
    .limit(n)
    .all();
  if (!oldest.length) return 0;
  return db
    .delete(drafts)
    .where(
      inArray(
        drafts.token,
        oldest.map((d) => d.token),
      ),
    )
    .run().changes;
}

/** Deletes every open draft of a survey that holds no answer; returns how many. */
export function purgeEmptyDrafts(db: Db, surveyId: string, now = new Date()): number {
  return db.delete(drafts).where(openEmpty(surveyId, now)).run().changes;
}

/** Deletes a draft not yet sent (a kiosk questionnaire given up); a sent one's tombstone stays. */
export function deleteOpenDraft(db: Db, token: string): void {
  db.delete(drafts)
    .where(and(eq(drafts.token, token), eq(drafts.submitted, false)))
    .run();
}
