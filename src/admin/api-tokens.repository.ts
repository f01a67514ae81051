import { and, desc, eq, getTableColumns, isNull } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { apiTokens } from "../db/schema.js";

export type ApiToken = Omit<typeof apiTokens.$inferSelect, "tokenHash">;
export type ApiScope = ApiToken["scope"];

// Every column but the hash: a token's hash never leaves the repository.
const { tokenHash: _hash, ...columns } = getTableColumns(apiTokens);

export function insertApiToken(
  db: Db,
  token: { tokenHash: string; name: string; surveyId: string; scope: ApiScope; createdBy: string },
  now: Date,
): number {
  return Number(
    db
      .insert(apiTokens)
      .values({ ...token, createdAt: now.toISOString() })
      .run().lastInsertRowid,
  );
}

export function listApiTokens(db: Db): ApiToken[] {
  return db.select(columns).from(apiTokens).orderBy(desc(apiTokens.id)).all();
}

/** The token of a hash, if it exists and is not revoked. */
export function findActiveApiToken(db: Db, tokenHash: string): ApiToken | undefined {
  return db
    .select(columns)
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)))
    .get();
}

export function revokeApiToken(db: Db, id: number, now: Date): ApiToken | undefined {
  const found = db
    .select(columns)
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
    .get();
  if (!found) return undefined;
  db.update(apiTokens).set({ revokedAt: now.toISOString() }).where(eq(apiTokens.id, id)).run();
  return found;
}

export function touchApiToken(db: Db, id: number, now: Date): void {
  db.update(apiTokens).set({ lastUsedAt: now.toISOString() }).where(eq(apiTokens.id, id)).run();
}
