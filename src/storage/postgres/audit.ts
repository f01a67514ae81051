import { desc, getTableColumns } from "drizzle-orm";
import { auditEntry, type AuditRecord } from "../../audit/entry.js";
import type { PgDb } from "../../db/pg/client.js";
import { auditLog } from "../../db/pg/schema.js";
import type { AuditStore } from "../types.js";

/** One line of the audit trail; pass a transaction to write it with the act it records. */
export async function recordAudit(db: PgDb, entry: AuditRecord | undefined, now: Date): Promise<void> {
  if (entry) await db.insert(auditLog).values(auditEntry(entry, now));
}

// A line as pages show it: every column but the row number, as on SQLite.
const { id: _id, ...entryColumns } = getTableColumns(auditLog);

export function createPostgresAuditStore(db: PgDb): AuditStore {
  return {
    record: (entry, now = new Date()) => recordAudit(db, entry, now),
    list: (limit = 500) => db.select(entryColumns).from(auditLog).orderBy(desc(auditLog.id)).limit(limit),
  };
}
