import { YIELD_EVERY, yieldToEventLoop } from "../interchange/cooperative.js";
import {
  analystFiles,
  italianCsv,
  type AnalystFormat,
  type ExportFiles,
  type ExportTable,
} from "../interchange/analyst-files.js";
import { exportRow, exportVariables } from "../interchange/variables.js";
import type { ReportInputsReader } from "../report/inputs.js";
import { reportWeightsFrom } from "../report/weights.js";
import { questionsByRole } from "../report/records.js";
import type { ResponseFilter } from "../responses/records.js";
import { csvHeader, responseRow, surveyColumns } from "../surveys/csv-format.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { surveyVersions, type ResponseExportSource } from "./export.service.js";

/** What the analysts' files read (the storage boundary, on either engine): the responses and the report's inputs for its weights. */
export interface AnalystExportSource {
  responses: ResponseExportSource;
  reportInputs: Pick<ReportInputsReader, "read">;
}

/** The report's raking weight of each response, when the survey has a weighted report; else null. */
async function weightsOf(
  source: AnalystExportSource,
  registry: SurveyRegistry,
  surveyId: string,
  marginsFile: string,
): Promise<Map<string, number> | null> {
  const survey = registry.current(surveyId);
  if (!survey || !questionsByRole(survey).has("services_used")) return null;
  return reportWeightsFrom(await source.reportInputs.read({ surveyId }), survey, marginsFile);
}

export interface AnalystExport {
  files: ExportFiles;
  rows: number;
  synthetic: boolean;
  weighted: boolean;
}

/** The variables and rows of the analysts' files for the responses a filter selects, with the report's weights. */
export async function exportTable(
  source: AnalystExportSource,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  marginsFile: string,
  now = new Date(),
): Promise<{ table: ExportTable; synthetic: boolean; weighted: boolean }> {
  const survey = registry.current(filter.surveyId)!;
  const { responses } = source;
  const synthetic = await responses.anySynthetic(filter);
  const weights = await weightsOf(source, registry, filter.surveyId, marginsFile);
  const keys = await responses.answeredKeys(filter.surveyId);
  const variables = exportVariables(surveyVersions(registry, filter.surveyId), keys, {
    synthetic,
    weights: weights !== null,
  });
  const rows: (string | number | null)[][] = [];
  for await (const r of responses.iterateMatching(filter)) {
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
  source: AnalystExportSource,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  format: AnalystFormat,
  marginsFile: string,
  now = new Date(),
): Promise<AnalystExport> {
  if (format === "csv-it") {
    const { responses } = source;
    const columns = surveyColumns(
      surveyVersions(registry, filter.surveyId),
      await responses.answeredKeys(filter.surveyId),
    );
    const synthetic = await responses.anySynthetic(filter);
    const rows: string[][] = [];
    for await (const r of responses.iterateMatching(filter)) rows.push(responseRow(columns, r, synthetic));
    return {
      files: new Map([[`${filter.surveyId}-risposte-excel-it.csv`, italianCsv(csvHeader(columns, synthetic), rows)]]),
      rows: rows.length,
      synthetic,
      weighted: false,
    };
  }
  const { table, synthetic, weighted } = await exportTable(source, registry, filter, marginsFile, now);
  return { files: await analystFiles(format, table), rows: table.rows.length, synthetic, weighted };
}
