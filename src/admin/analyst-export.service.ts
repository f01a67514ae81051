import type { Db } from "../db/client.js";
import { YIELD_EVERY, yieldToEventLoop } from "../interchange/cooperative.js";
import {
  analystFiles,
  italianCsv,
  type AnalystFormat,
  type ExportFiles,
  type ExportTable,
} from "../interchange/analyst-files.js";
import { exportRow, exportVariables } from "../interchange/variables.js";
import { reportWeights } from "../report/weights.js";
import { answeredKeys, anySynthetic, iterateMatching, type ResponseFilter } from "../responses/data.repository.js";
import { csvHeader, responseRow, surveyColumns } from "../surveys/csv-format.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { surveyVersions } from "./export.service.js";

export interface AnalystExport {
  files: ExportFiles;
  rows: number;
  synthetic: boolean;
  weighted: boolean;
}

/** The variables and rows of the analysts' files for the responses a filter selects, with the report's weights. */
export async function exportTable(
  db: Db,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  marginsFile: string,
  now = new Date(),
): Promise<{ table: ExportTable; synthetic: boolean; weighted: boolean }> {
  const survey = registry.current(filter.surveyId)!;
  const synthetic = anySynthetic(db, filter);
  const weights = reportWeights(db, registry, filter.surveyId, marginsFile);
  const variables = exportVariables(surveyVersions(registry, filter.surveyId), answeredKeys(db, filter.surveyId), {
    synthetic,
    weights: weights !== null,
  });
  const rows: (string | number | null)[][] = [];
  for (const r of iterateMatching(db, filter)) {
    rows.push(exportRow(variables, r, weights?.get(r.id)));
    // A town's export takes a while: let the server answer other requests meanwhile.
    if (rows.length % YIELD_EVERY === 0) await yieldToEventLoop();
  }
  return {
    table: {
      title: survey.definition.title.it,
      surveyId: filter.surveyId,
      variables,
      rows,
      generatedAt: now.toISOString(),
    },
    synthetic,
    weighted: weights !== null,
  };
}

/** The files of one analysts' format (the Italian-Excel CSV is the response CSV in another dialect). */
export async function exportForAnalysts(
  db: Db,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  format: AnalystFormat,
  marginsFile: string,
  now = new Date(),
): Promise<AnalystExport> {
  if (format === "csv-it") {
    const columns = surveyColumns(surveyVersions(registry, filter.surveyId), answeredKeys(db, filter.surveyId));
    const synthetic = anySynthetic(db, filter);
    const rows = Array.from(iterateMatching(db, filter), (r) => responseRow(columns, r, synthetic));
    return {
      files: new Map([[`${filter.surveyId}-risposte-excel-it.csv`, italianCsv(csvHeader(columns, synthetic), rows)]]),
      rows: rows.length,
      synthetic,
      weighted: false,
    };
  }
  const { table, synthetic, weighted } = await exportTable(db, registry, filter, marginsFile, now);
  return { files: await analystFiles(format, table), rows: table.rows.length, synthetic, weighted };
}
