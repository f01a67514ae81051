import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { ResponseFilter, ResponseWithAnswers } from "../responses/records.js";
import { csvHeader, responseRow, surveyColumns } from "../surveys/csv-format.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { SurveyRegistry } from "../surveys/registry.js";

/** Every published version of a survey, oldest first (the CSV columns are their union). */
export function surveyVersions(registry: SurveyRegistry, surveyId: string): LoadedSurvey[] {
  const latest = registry.current(surveyId);
  const versions: LoadedSurvey[] = [];
  for (let v = 1; latest && v <= latest.definition.version; v++) {
    const found = registry.version(surveyId, v);
    if (found) versions.push(found);
  }
  return versions;
}

/**
 * What the exports read (the storage boundary's responses, on either engine): the answer keys ever
 * used, whether any selected response is synthetic, and the selected responses in submission order,
 * read chunk by chunk so memory does not grow with the survey.
 */
export interface ResponseExportSource {
  answeredKeys(surveyId: string): Promise<Set<string>>;
  anySynthetic(filter: ResponseFilter): Promise<boolean>;
  iterateMatching(filter: ResponseFilter): AsyncIterable<ResponseWithAnswers>;
}

export interface ExportSummary {
  rows: number;
  synthetic: boolean;
}

/**
 * Writes the response CSV (docs/csv-format.md) to `out`, row by row: the responses are read in
 * chunks and stringified as the destination asks for more, so memory does not grow with the survey.
 * UTF-8 with a byte-order mark, so that Excel reads the accents; the import accepts it with or without.
 */
export async function writeResponsesCsv(
  responses: ResponseExportSource,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  out: Writable,
  options: { end?: boolean } = {},
): Promise<ExportSummary> {
  const columns = surveyColumns(
    surveyVersions(registry, filter.surveyId),
    await responses.answeredKeys(filter.surveyId),
  );
  const synthetic = await responses.anySynthetic(filter);
  const summary: ExportSummary = { rows: 0, synthetic };
  async function* records(): AsyncGenerator<string[]> {
    yield csvHeader(columns, synthetic);
    for await (const response of responses.iterateMatching(filter)) {
      summary.rows += 1;
      yield responseRow(columns, response, synthetic);
    }
  }
  await pipeline(Readable.from(records()), stringify({ bom: true }), out, { end: options.end ?? true });
  return summary;
}
