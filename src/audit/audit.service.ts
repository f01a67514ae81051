import type { Db } from "../db/client.js";
import { insertAuditEntry, selectAuditEntries, type AuditEntry } from "./audit.repository.js";

/**
 * The audit trail: who did what, when, to what. Every layer that acts on behalf of a user (the
 * responses, the report, the administration, the designer) records through these two functions and
 * nothing else; src/audit/ imports only the database, so recording never makes a loop between layers.
 */

export type { AuditEntry };

export type AuditRecord = Omit<AuditEntry, "at" | "target" | "details"> & { target?: string; details?: string };

export function audit(db: Db, entry: AuditRecord, now = new Date()): void {
  insertAuditEntry(db, { at: now.toISOString(), target: "", details: "", ...entry });
}

export function listAudit(db: Db, limit = 500): AuditEntry[] {
  return selectAuditEntries(db, limit);
}
