import { and, desc, eq, getTableColumns, isNull } from "drizzle-orm";
import { audit } from "./sqlite-audit.js";
import type { Db } from "../db/client.js";
import { apiTokens } from "../db/schema.js";
import {
  hashOfApiToken,
  newApiToken,
  tokenCreatedAudit,
  tokenInHeader,
  tokenRevokedAudit,
  type ApiScope,
  type ApiToken,
  type ApiTokenStore,
} from "../admin/api-tokens.service.js";
import { later } from "./later.js";

// Every column but the hash: a token's hash never leaves the storage.
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

/** Read-only API tokens on SQLite: only their hashes stored; each creation or revocation audited in its transaction. */
export function createSqliteApiTokenStore(db: Db): ApiTokenStore {
  return {
    list: () => later(() => listApiTokens(db)),
    create: (fields, by, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          const token = newApiToken();
          const id = insertApiToken(tx, { tokenHash: hashOfApiToken(token), ...fields, createdBy: by }, now);
          audit(tx, tokenCreatedAudit(id, fields, by), now);
          return token;
        }),
      ),
    revoke: (id, by, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          const revoked = revokeApiToken(tx, id, now);
          if (revoked) audit(tx, tokenRevokedAudit(revoked, by), now);
          return revoked !== undefined;
        }),
      ),
    authenticate: (header, now = new Date()) =>
      later(() => {
        const token = tokenInHeader(header);
        const found = token === undefined ? undefined : findActiveApiToken(db, hashOfApiToken(token));
        if (found) touchApiToken(db, found.id, now);
        return found;
      }),
  };
}
