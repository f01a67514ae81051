import { and, count, eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { accessCodes } from "../db/schema.js";
import { hashCode, newCode } from "./codes.js";

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
    .where(and(eq(accessCodes.codeHash, codeHash), eq(accessCodes.surveyId, surveyId), eq(accessCodes.used, false), eq(accessCodes.revoked, false)))
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
