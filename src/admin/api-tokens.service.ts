import { createHash, randomBytes } from "node:crypto";
import type { ApiScope } from "../surveys/vocabulary.js";
import type { AuditRecord } from "../audit/entry.js";

export { API_SCOPES, type ApiScope } from "../surveys/vocabulary.js";

/** A read-only API token as it is listed and checked: every column of `api_tokens` but the token's hash. */
export type ApiToken = {
  id: number;
  name: string;
  surveyId: string;
  scope: ApiScope;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
};

export const API_TOKEN_PREFIX = "spt_";
export const SCOPE_LABELS: Record<ApiScope, string> = {
  aggregates: "solo aggregati (rapporto e dati aperti)",
  microdata: "aggregati e microdati (le risposte una per una)",
};

/** What an administrator names when creating a token. */
export interface NewApiToken {
  name: string;
  surveyId: string;
  scope: ApiScope;
}

/**
 * The read-only API's tokens on the storage boundary (either engine): created by an administrator
 * (returned in clear once, only its SHA-256 stored), listed, revoked; each act audited, never with the token.
 */
export interface ApiTokenStore {
  /** Every token, newest first, without its hash. */
  list(): Promise<ApiToken[]>;
  /** A new token (256 random bits) and its audit line, in one transaction; the token in clear. */
  create(fields: NewApiToken, by: string, now?: Date): Promise<string>;
  /** Revokes an active token, audited; false when there is no such active token. */
  revoke(id: number, by: string, now?: Date): Promise<boolean>;
  /** The active token a request carries (`Authorization: Bearer …`), marked as used; undefined for anything else. */
  authenticate(header: string | undefined, now?: Date): Promise<ApiToken | undefined>;
}

export const hashOfApiToken = (token: string): string => createHash("sha256").update(token).digest("hex");

export const newApiToken = (): string => `${API_TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;

/** The token of an `Authorization: Bearer spt_…` header; undefined for any other header. */
export function tokenInHeader(header: string | undefined): string | undefined {
  return /^Bearer\s+(spt_[A-Za-z0-9_-]{43})\s*$/.exec(header ?? "")?.[1];
}

export function tokenCreatedAudit(id: number, fields: NewApiToken, by: string): AuditRecord {
  return {
    username: by,
    action: "api.token_creato",
    target: fields.surveyId,
    details: `n. ${id} «${fields.name}», ${SCOPE_LABELS[fields.scope]}`,
  };
}

export function tokenRevokedAudit(token: Pick<ApiToken, "id" | "name" | "surveyId">, by: string): AuditRecord {
  return {
    username: by,
    action: "api.token_revocato",
    target: token.surveyId,
    details: `n. ${token.id} «${token.name}»`,
  };
}
