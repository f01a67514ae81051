import type { AuditRecord } from "../audit/audit.service.js";
import type { Report } from "./contract.js";
import type { Publication } from "./publication.repository.js";

/** The giunta's publication of a report as open data: stored and audited in one transaction. */

export type { Publication } from "./publication.repository.js";

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
