import { and, count, eq, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { accessCodes } from "../db/schema.js";
import { hashCode, newCode } from "../responses/codes.js";
import type { AccessCodeCounts, RevokeResult } from "../responses/records.js";

/** Creates `n` single-use codes and returns them in clear: the only time they are ever seen. */
export function createAccessCodes(db: Db, surveyId: string, n: number, now = new Date()): string[] {
  const codes: string[] = [];
  db.transaction((tx) => {
    while (codes.length < n) {
      const code = newCode(2);
      const inserted = tx
        .insert(accessCodes)
        .values({ codeHash: hashCode(code), surveyId, createdAt: now.toISOString().slice(0, 10) })
        .onConflictDoNothing()
        .run();
      if (inserted.changes === 1) codes.push(code);
    }
  });
  return codes;
}

/** Whether a code can start the survey now (exists, unused, not revoked). */
export function isUsableCode(db: Db, surveyId: string, codeHash: string): boolean {
  const row = db
    .select({ used: accessCodes.used, revoked: accessCodes.revoked })
    .from(accessCodes)
    .where(and(eq(accessCodes.codeHash, codeHash), eq(accessCodes.surveyId, surveyId)))
    .get();
  return !!row && !row.used && !row.revoked;
}

/**
 * Marks a code used if and only if it was usable: one UPDATE with the condition in its WHERE,
 * so of two racing submissions exactly one sees a change.
 */
export function consumeCode(db: Db, surveyId: string, codeHash: string): boolean {
  const result = db
    .update(accessCodes)
    .set({ used: true })
    .where(
      and(
        eq(accessCodes.codeHash, codeHash),
        eq(accessCodes.surveyId, surveyId),
        eq(accessCodes.used, false),
        eq(accessCodes.revoked, false),
      ),
    )
    .run();
  return result.changes === 1;
}

export function countAccessCodes(db: Db, surveyId: string): { total: number; used: number } {
  const rows = db
    .select({ used: accessCodes.used, n: count() })
    .from(accessCodes)
    .where(eq(accessCodes.surveyId, surveyId))
    .groupBy(accessCodes.used)
    .all();
  const used = rows.find((r) => r.used)?.n ?? 0;
  return { total: rows.reduce((sum, r) => sum + r.n, 0), used };
}

/** Counts by state: how many, never which code was used when or for what. */
export function countAccessCodeStates(db: Db, surveyId: string): AccessCodeCounts {
  const rows = db
    .select({ used: accessCodes.used, revoked: accessCodes.revoked, n: count() })
    .from(accessCodes)
    .where(eq(accessCodes.surveyId, surveyId))
    .groupBy(accessCodes.used, accessCodes.revoked)
    .all();
  const sum = (keep: (r: (typeof rows)[number]) => boolean): number => rows.filter(keep).reduce((s, r) => s + r.n, 0);
  return {
    total: sum(() => true),
    used: sum((r) => r.used),
    revoked: sum((r) => !r.used && r.revoked),
    unused: sum((r) => !r.used && !r.revoked),
  };
}

/**
 * Revokes one code typed by an administrator. A used code is marked too and the answer is the same
 * («revoked») whatever its state: the administrator learns that the code exists, never whether it was
 * used (a used code's answers are already in and stay valid; the counts still show it as used).
 */
export function revokeAccessCode(db: Db, surveyId: string, codeHash: string): RevokeResult {
  const changed = db
    .update(accessCodes)
    .set({ revoked: true })
    .where(and(eq(accessCodes.codeHash, codeHash), eq(accessCodes.surveyId, surveyId)))
    .run().changes;
  return changed === 1 ? "revoked" : "not_found";
}

/** Revokes every code of the survey not yet used; returns how many. */
export function revokeUnused(db: Db, surveyId: string): number {
  return db
    .update(accessCodes)
    .set({ revoked: true })
    .where(and(eq(accessCodes.surveyId, surveyId), eq(accessCodes.used, false), eq(accessCodes.revoked, false)))
    .run().changes;
}

/**
 * Which of these hashes are codes of the survey, whatever their state: printing or downloading a
 * code must not tell whether it was used.
 */
export function surveyHashes(db: Db, surveyId: string, hashes: string[]): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i < hashes.length; i += 500) {
    const rows = db
      .select({ codeHash: accessCodes.codeHash })
      .from(accessCodes)
      .where(and(eq(accessCodes.surveyId, surveyId), inArray(accessCodes.codeHash, hashes.slice(i, i + 500))))
      .all();
    for (const r of rows) found.add(r.codeHash);
  }
  return found;
}
