import type { Writable } from "node:stream";
import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import type { ResponseFilter } from "../responses/data.repository.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { exportForAnalysts, exportTable, type AnalystExport } from "./analyst-export.service.js";
import { writeResponsesCsv, type ExportSummary } from "./export.service.js";
import type { AnalystFormat } from "../interchange/analyst-files.js";

/**
 * Every export of responses that leaves the server (a download, the API) writes one line in the
 * audit trail once it is made: who, which survey, how many responses, which filters.
 */
export interface ExportTrail {
  username: string;
  /** The line's details, from the number of responses exported. */
  details: (rows: number) => string;
}

const record = (db: Db, surveyId: string, trail: ExportTrail, rows: number): void =>
  audit(db, { username: trail.username, action: "risposte.esportate", target: surveyId, details: trail.details(rows) });

export async function exportResponsesCsv(
  db: Db,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  out: Writable,
  trail: ExportTrail,
): Promise<ExportSummary> {
  const summary = await writeResponsesCsv(db, registry, filter, out);
  record(db, filter.surveyId, trail, summary.rows);
  return summary;
}

export async function exportResponsesForAnalysts(
  db: Db,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  format: AnalystFormat,
  marginsFile: string,
  trail: ExportTrail,
  now: Date,
): Promise<AnalystExport> {
  const result = await exportForAnalysts(db, registry, filter, format, marginsFile, now);
  record(db, filter.surveyId, trail, result.rows);
  return result;
}

export async function exportResponsesTable(
  db: Db,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  marginsFile: string,
  trail: ExportTrail,
  now: Date,
): ReturnType<typeof exportTable> {
  const result = await exportTable(db, registry, filter, marginsFile, now);
  record(db, filter.surveyId, trail, result.table.rows.length);
  return result;
}
