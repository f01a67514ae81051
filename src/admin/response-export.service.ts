import type { Writable } from "node:stream";
import type { AuditRecord } from "../audit/entry.js";
import type { ResponseFilter } from "../responses/records.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import {
  exportForAnalysts,
  exportTable,
  type AnalystExport,
  type AnalystExportSource,
} from "./analyst-export.service.js";
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

/** The storage the exports read and audit through (either engine). */
export interface ExportStorage extends AnalystExportSource {
  audit: { record(entry: AuditRecord): Promise<void> };
}

const record = (storage: ExportStorage, surveyId: string, trail: ExportTrail, rows: number): Promise<void> =>
  storage.audit.record({
    username: trail.username,
    action: "risposte.esportate",
    target: surveyId,
    details: trail.details(rows),
  });

export async function exportResponsesCsv(
  storage: ExportStorage,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  out: Writable,
  trail: ExportTrail,
): Promise<ExportSummary> {
  // The file ends only once its audit line is stored: whoever has the whole download left a trace.
  const summary = await writeResponsesCsv(storage.responses, registry, filter, out, { end: false });
  await record(storage, filter.surveyId, trail, summary.rows);
  out.end();
  return summary;
}

export async function exportResponsesForAnalysts(
  storage: ExportStorage,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  format: AnalystFormat,
  marginsFile: string,
  trail: ExportTrail,
  now: Date,
): Promise<AnalystExport> {
  const result = await exportForAnalysts(storage, registry, filter, format, marginsFile, now);
  await record(storage, filter.surveyId, trail, result.rows);
  return result;
}

export async function exportResponsesTable(
  storage: ExportStorage,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  marginsFile: string,
  trail: ExportTrail,
  now: Date,
): ReturnType<typeof exportTable> {
  const result = await exportTable(storage, registry, filter, marginsFile, now);
  await record(storage, filter.surveyId, trail, result.table.rows.length);
  return result;
}
