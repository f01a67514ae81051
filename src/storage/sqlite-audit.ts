import { desc, getTableColumns } from "drizzle-orm";
import { auditEntry, type AuditEntry, type AuditRecord } from "../audit/entry.js";
import type { Db } from "../db/client.js";
import { auditLog } from "../db/schema.js";

/** The audit trail on SQLite: one line, written with the act it records when `db` is that act's transaction. */
export function audit(db: Db, entry: AuditRecord, now = new Date()): void {
  insertAuditEntry(db, auditEntry(entry, now));
}

/** The newest lines first, at most `limit` of them. */
export function listAudit(db: Db, limit = 500): AuditEntry[] {
  return selectAuditEntries(db, limit);
}

// A line as pages show it: every column but the row number.
const { id: _id, ...entryColumns } = getTableColumns(auditLog);

function insertAuditEntry(db: Db, entry: AuditEntry): void {
  db.insert(auditLog).values(entry).run();
}

function selectAuditEntries(db: Db, limit: number): AuditEntry[] {
  return db.select(entryColumns).from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
}
