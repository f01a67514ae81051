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

export function audit(db: Db, entry: Omit<AuditEntry, "at" | "target" | "details"> & { target?: string; details?: string }, now = new Date()): void {
  db.insert(auditLog).values({ at: now.toISOString(), target: "", details: "", ...entry }).run();
}

export function listAudit(db: Db, limit = 500): AuditEntry[] {
  return db.select({ at: auditLog.at, username: auditLog.username, action: auditLog.action, target: auditLog.target, details: auditLog.details }).from(auditLog).orderBy(desc(auditLog.id)).limit(limit).all();
}
