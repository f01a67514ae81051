import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import {
  deletePublication,
  findPublication,
  listPublications,
  savePublication,
} from "../report/publication.repository.js";
import { publishedAudit, withdrawnAudit, type PublicationStore } from "../report/publication.service.js";
import { later } from "./later.js";

/** The published reports on SQLite: each publication or withdrawal and its audit line in one transaction. */
export function createSqlitePublicationStore(db: Db): PublicationStore {
  return {
    find: (surveyId) => later(() => findPublication(db, surveyId)),
    list: () => later(() => listPublications(db)),
    publish: (report, by, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          savePublication(tx, report, by, now);
          audit(tx, publishedAudit(report, by), now);
        }),
      ),
    withdraw: (surveyId, by, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          const withdrawn = deletePublication(tx, surveyId);
          if (withdrawn) audit(tx, withdrawnAudit(surveyId, by), now);
          return withdrawn;
        }),
      ),
  };
}
