import { desc, getTableColumns } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { auditLog } from "../db/schema.js";

export interface AuditEntry {
  at: string;
  username: string;
  action: string;
  target: string;
  details: string;
}

// A line as pages show it: every column but the row number.
const { id: _id, ...entryColumns } = getTableColumns(auditLog);

export function insertAuditEntry(db: Db, entry: AuditEntry): void {
  db.insert(auditLog).values(entry).run();
}

export function selectAuditEntries(db: Db, limit: number): AuditEntry[] {
  return db.select(entryColumns).from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
}
