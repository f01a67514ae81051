import { and, count, eq, inArray } from "drizzle-orm";
import type { AuditRecord } from "../../audit/entry.js";
import type { PgDb } from "../../db/pg/client.js";
import { accessCodes } from "../../db/pg/schema.js";
import { recordAudit } from "./audit.js";
import type { AccessCodeCounts, RevokeResult } from "../../responses/records.js";
import { hashCode, newCode } from "../../responses/codes.js";
import type { AccessCodeRepository } from "../types.js";

const usable = (surveyId: string, codeHash: string) =>
  and(
    eq(accessCodes.codeHash, codeHash),
    eq(accessCodes.surveyId, surveyId),
    eq(accessCodes.used, false),
    eq(accessCodes.revoked, false),
  );

export async function createAccessCodes(
  db: PgDb,
  surveyId: string,
  n: number,
  now = new Date(),
  entry?: AuditRecord,
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const created: string[] = [];
    while (created.length < n) {
      const code = newCode(2);
      const inserted = await tx
        .insert(accessCodes)
        .values({ codeHash: hashCode(code), surveyId, createdAt: now.toISOString().slice(0, 10) })
        .onConflictDoNothing()
        .returning({ codeHash: accessCodes.codeHash });
      if (inserted.length === 1) created.push(code);
    }
    await recordAudit(tx, entry, now);
    return created;
  });
}

/**
 * One UPDATE with the condition in its WHERE: a second transaction racing for the same code waits
 * for the first one's row lock and, once that commits, re-reads the row (used) and changes nothing.
 */
export async function consumeCode(db: PgDb, surveyId: string, codeHash: string): Promise<boolean> {
  const changed = await db
    .update(accessCodes)
    .set({ used: true })
    .where(usable(surveyId, codeHash))
    .returning({ codeHash: accessCodes.codeHash });
  return changed.length === 1;
}

async function countStates(db: PgDb, surveyId: string): Promise<AccessCodeCounts> {
  const rows = await db
    .select({ used: accessCodes.used, revoked: accessCodes.revoked, n: count() })
    .from(accessCodes)
    .where(eq(accessCodes.surveyId, surveyId))
    .groupBy(accessCodes.used, accessCodes.revoked);
  const sum = (keep: (r: (typeof rows)[number]) => boolean): number =>
    rows.filter(keep).reduce((s, r) => s + Number(r.n), 0);
  return {
    total: sum(() => true),
    used: sum((r) => r.used),
    revoked: sum((r) => !r.used && r.revoked),
    unused: sum((r) => !r.used && !r.revoked),
  };
}

export function createAccessCodeRepository(db: PgDb): AccessCodeRepository {
  return {
    create: (surveyId, n, now, entry) => createAccessCodes(db, surveyId, n, now, entry),
    async isUsable(surveyId, codeHash) {
      const [row] = await db
        .select({ codeHash: accessCodes.codeHash })
        .from(accessCodes)
        .where(usable(surveyId, codeHash));
      return row !== undefined;
    },
    consume: (surveyId, codeHash) => consumeCode(db, surveyId, codeHash),
    countStates: (surveyId) => countStates(db, surveyId),
    revoke(surveyId, codeHash, entry, now = new Date()): Promise<RevokeResult> {
      return db.transaction(async (tx) => {
        const changed = await tx
          .update(accessCodes)
          .set({ revoked: true })
          .where(and(eq(accessCodes.codeHash, codeHash), eq(accessCodes.surveyId, surveyId)))
          .returning({ codeHash: accessCodes.codeHash });
        const result: RevokeResult = changed.length === 1 ? "revoked" : "not_found";
        await recordAudit(tx, entry?.(result), now);
        return result;
      });
    },
    revokeUnused(surveyId, entry, now = new Date()) {
      return db.transaction(async (tx) => {
        const changed = await tx
          .update(accessCodes)
          .set({ revoked: true })
          .where(and(eq(accessCodes.surveyId, surveyId), eq(accessCodes.used, false), eq(accessCodes.revoked, false)))
          .returning({ codeHash: accessCodes.codeHash });
        await recordAudit(tx, entry?.(changed.length), now);
        return changed.length;
      });
    },
    async knownHashes(surveyId, hashes) {
      const found = new Set<string>();
      for (let i = 0; i < hashes.length; i += 500) {
        const rows = await db
          .select({ codeHash: accessCodes.codeHash })
          .from(accessCodes)
          .where(and(eq(accessCodes.surveyId, surveyId), inArray(accessCodes.codeHash, hashes.slice(i, i + 500))));
        for (const r of rows) found.add(r.codeHash);
      }
      return found;
    },
  };
}
