import type { AuditEntry } from "../../audit/entry.js";
import { formatRomeStamp } from "../common/rome-time.js";

/** What the audit log page prints (views/admin/audit.ejs): one row per action, its time in Rome's. */
export interface AuditPage {
  entries: { at: string; username: string; action: string; target: string; details: string }[];
}

/** The last actions as the page lists them, the most recent first (as the log reads them). */
export function auditPage(entries: readonly AuditEntry[]): AuditPage {
  return {
    entries: entries.map((e) => ({
      at: formatRomeStamp(e.at),
      username: e.username,
      action: e.action,
      target: e.target,
      details: e.details,
    })),
  };
}
