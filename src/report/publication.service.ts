import type { AuditRecord } from "../audit/entry.js";
import type { Report } from "./contract.js";

/** The giunta's publication of a report as open data: stored and audited in one transaction. */

export interface Publication {
  surveyId: string;
  report: Report;
  publishedAt: string;
  publishedBy: string;
}

/** A stored publication row: the same columns on both engines (src/storage/sqlite-publications.ts, src/storage/postgres/publications.ts). */
export interface PublicationRow {
  surveyId: string;
  reportJson: string;
  publishedAt: string;
  publishedBy: string;
}

/** A stored publication row (the same columns on both engines) as the report it holds. */
export const toPublication = (row: PublicationRow): Publication => ({
  surveyId: row.surveyId,
  report: JSON.parse(row.reportJson) as Report,
  publishedAt: row.publishedAt,
  publishedBy: row.publishedBy,
});

/** The published reports on the storage boundary (either engine). */
export interface PublicationStore {
  find(surveyId: string): Promise<Publication | undefined>;
  list(): Promise<Publication[]>;
  /** The report as it is now becomes the survey's open data, audited, in one transaction. */
  publish(report: Report, by: string, now?: Date): Promise<void>;
  /** Withdraws the open data of a survey, audited; false when nothing was published. */
  withdraw(surveyId: string, by: string, now?: Date): Promise<boolean>;
}

/** The audit line of a publication (the same on both engines). */
export function publishedAudit(report: Report, by: string): AuditRecord {
  return {
    username: by,
    action: "opendata.pubblicati",
    target: report.survey.id,
    details: `rapporto dei dati al ${report.generatedAt}`,
  };
}

/** The audit line of a withdrawal. */
export function withdrawnAudit(surveyId: string, by: string): AuditRecord {
  return { username: by, action: "opendata.ritirati", target: surveyId };
}
