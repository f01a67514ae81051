import { desc } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { auditLog } from "../db/schema.js";

export interface AuditEntry {
  at: string;
  username: string;
  action: string;
  target: string;
  details: string;
}

export function insertAuditEntry(db: Db, entry: AuditEntry): void {
  db.insert(auditLog).values(entry).run();
}

export function selectAuditEntries(db: Db, limit: number): AuditEntry[] {
  return db
    .select({
      at: auditLog.at,
      username: auditLog.username,
      action: auditLog.action,
      target: auditLog.target,
      details: auditLog.details,
    })
    .from(auditLog)
    .orderBy(desc(auditLog.id))
    .limit(limit)
    .all();
}
