import { Readable, type Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import type { Db } from "../db/client.js";
import { answeredKeys, anySynthetic, iterateMatching, type ResponseFilter } from "../responses/data.repository.js";
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

export interface ExportSummary {
  rows: number;
  synthetic: boolean;
}

/**
 * Writes the response CSV (docs/csv-format.md) to `out`, row by row: the responses are read from SQLite in
 * chunks and stringified as the destination asks for more, so memory does not grow with the survey.
 * UTF-8 with a byte-order mark, so that Excel reads the accents; the import accepts it with or without.
 */
export async function writeResponsesCsv(
  db: Db,
  registry: SurveyRegistry,
  filter: ResponseFilter,
  out: Writable,
): Promise<ExportSummary> {
  const columns = surveyColumns(surveyVersions(registry, filter.surveyId), answeredKeys(db, filter.surveyId));
  const synthetic = anySynthetic(db, filter);
  const summary: ExportSummary = { rows: 0, synthetic };
  function* records(): Generator<string[]> {
    yield csvHeader(columns, synthetic);
    for (const response of iterateMatching(db, filter)) {
      summary.rows += 1;
      yield responseRow(columns, response, synthetic);
    }
  }
  await pipeline(Readable.from(records()), stringify({ bom: true }), out);
  return summary;
}
