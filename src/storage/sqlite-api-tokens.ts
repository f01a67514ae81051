import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import {
  findActiveApiToken,
  insertApiToken,
  listApiTokens,
  revokeApiToken,
  touchApiToken,
} from "../admin/api-tokens.repository.js";
import {
  hashOfApiToken,
  newApiToken,
  tokenCreatedAudit,
  tokenInHeader,
  tokenRevokedAudit,
  type ApiTokenStore,
} from "../admin/api-tokens.service.js";
import { later } from "./later.js";

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
