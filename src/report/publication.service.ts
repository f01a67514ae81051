import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import type { Report } from "./contract.js";
import { deletePublication, savePublication } from "./publication.repository.js";

/** The giunta's publication of a report as open data: stored and audited in one transaction. */

export { findPublication, listPublications, type Publication } from "./publication.repository.js";

export function publishReport(db: Db, report: Report, by: string, now: Date): void {
  db.transaction((tx) => {
    savePublication(tx, report, by, now);
    audit(
      tx,
      {
        username: by,
        action: "opendata.pubblicati",
        target: report.survey.id,
        details: `rapporto dei dati al ${report.generatedAt}`,
      },
      now,
    );
  });
}

/** Withdraws the open data of a survey; false when nothing was published. */
export function withdrawPublication(db: Db, surveyId: string, by: string): boolean {
  return db.transaction((tx) => {
    const withdrawn = deletePublication(tx, surveyId);
    if (withdrawn) audit(tx, { username: by, action: "opendata.ritirati", target: surveyId });
    return withdrawn;
  });
}
