import { createHash, randomBytes } from "node:crypto";
import type { Db } from "../db/client.js";
import { audit } from "../audit/audit.service.js";
import {
  findActiveApiToken,
  insertApiToken,
  revokeApiToken,
  touchApiToken,
  type ApiScope,
  type ApiToken,
} from "./api-tokens.repository.js";

export { listApiTokens, type ApiScope, type ApiToken } from "./api-tokens.repository.js";
export { API_SCOPES } from "../db/schema.js";

export const API_TOKEN_PREFIX = "spt_";
export const SCOPE_LABELS: Record<ApiScope, string> = {
  aggregates: "solo aggregati (rapporto e dati aperti)",
  microdata: "aggregati e microdati (le risposte una per una)",
};

const hashOf = (token: string): string => createHash("sha256").update(token).digest("hex");

/** A new token (256 random bits): returned in clear once, only its SHA-256 is stored. Audited, never with the token. */
export function createApiToken(
  db: Db,
  fields: { name: string; surveyId: string; scope: ApiScope },
  by: string,
  now = new Date(),
): string {
  const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  db.transaction((tx) => {
    const id = insertApiToken(tx, { tokenHash: hashOf(token), ...fields, createdBy: by }, now);
    audit(
      tx,
      {
        username: by,
        action: "api.token_creato",
        target: fields.surveyId,
        details: `n. ${id} «${fields.name}», ${SCOPE_LABELS[fields.scope]}`,
      },
      now,
    );
  });
  return token;
}

export function revokeToken(db: Db, id: number, by: string, now = new Date()): boolean {
  return db.transaction((tx) => {
    const revoked = revokeApiToken(tx, id, now);
    if (revoked)
      audit(
        tx,
        { username: by, action: "api.token_revocato", target: revoked.surveyId, details: `n. ${id} «${revoked.name}»` },
        now,
      );
    return Boolean(revoked);
  });
}

/** The active token a request carries (`Authorization: Bearer …`), marked as used; undefined for anything else. */
export function authenticateApiToken(db: Db, header: string | undefined, now = new Date()): ApiToken | undefined {
  const match = /^Bearer\s+(spt_[A-Za-z0-9_-]{43})\s*$/.exec(header ?? "");
  if (!match) return undefined;
  const token = findActiveApiToken(db, hashOf(match[1]));
  if (token) touchApiToken(db, token.id, now);
  return token;
}
