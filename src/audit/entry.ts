/**
 * The audit trail's lines: who did what, when, to what. Every layer that acts on behalf of a user (the
 * responses, the report, the administration, the designer) hands its line to the storage, which writes
 * it in the transaction of the act (src/storage/sqlite-audit.ts, src/storage/postgres/audit.ts); this
 * module imports nothing, so any layer may build a line without making a loop.
 */

export interface AuditEntry {
  at: string;
  username: string;
  action: string;
  target: string;
  details: string;
}

export type AuditRecord = Omit<AuditEntry, "at" | "target" | "details"> & { target?: string; details?: string };

/** The line as stored: the time it was recorded, and no target or details where the record gives none. */
export function auditEntry(entry: AuditRecord, now: Date): AuditEntry {
  return { at: now.toISOString(), target: "", details: "", ...entry };
}
