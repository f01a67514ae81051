import { and, desc, eq, getTableColumns, isNull } from "drizzle-orm";
import type { PgDatabase } from "../../db/pg/client.js";
import { apiTokens } from "../../db/pg/schema.js";
import {
  hashOfApiToken,
  newApiToken,
  tokenCreatedAudit,
  tokenInHeader,
  tokenRevokedAudit,
  type ApiTokenStore,
} from "../../admin/api-tokens.service.js";
import { recordAudit } from "./audit.js";

// Every column but the hash, as on SQLite.
const { tokenHash: _hash, ...columns } = getTableColumns(apiTokens);

/** Read-only API tokens on PostgreSQL: only their hashes stored; each creation or revocation audited in its transaction. */
export function createPostgresApiTokenStore(db: PgDatabase): ApiTokenStore {
  return {
    list: () => db.select(columns).from(apiTokens).orderBy(desc(apiTokens.id)),
    create: (fields, by, now = new Date()) =>
      db.transaction(async (tx) => {
        const token = newApiToken();
        const [row] = await tx
          .insert(apiTokens)
          .values({ tokenHash: hashOfApiToken(token), ...fields, createdBy: by, createdAt: now.toISOString() })
          .returning({ id: apiTokens.id });
        await recordAudit(tx, tokenCreatedAudit(row.id, fields, by), now);
        return token;
      }),
    revoke: (id, by, now = new Date()) =>
      db.transaction(async (tx) => {
        const [revoked] = await tx
          .update(apiTokens)
          .set({ revokedAt: now.toISOString() })
          .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt)))
          .returning(columns);
        if (!revoked) return false;
        await recordAudit(tx, tokenRevokedAudit(revoked, by), now);
        return true;
      }),
    async authenticate(header, now = new Date()) {
      const token = tokenInHeader(header);
      if (!token) return undefined;
      // One statement finds the active token and marks it used.
      const [found] = await db
        .update(apiTokens)
        .set({ lastUsedAt: now.toISOString() })
        .where(and(eq(apiTokens.tokenHash, hashOfApiToken(token)), isNull(apiTokens.revokedAt)))
        .returning(columns);
      return found;
    },
  };
}
