import { createWriteStream, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeResponsesCsv } from "../src/admin/export.service.js";
import { importResponsesCsv } from "../src/admin/import.service.js";
import { countResponses } from "../src/storage/sqlite-responses.js";
import { CITIZENS, openBenchDb } from "./fixtures.js";
import { createSqliteStorage } from "../src/storage/sqlite.js";

export interface ImportFigures {
  rows: number;
  bytes: number;
  exportMs: number;
  importMs: number;
  /** The exported file (kept until the benchmark's folder is removed: R's baseline reads it). */
  file: string;
}

/**
 * The CSV round trip at the largest size: the citizens' responses exported by the export service
 * (as the data page and the CLI do), then imported by the import service into an empty database
 * (all or nothing, every row through validateAnswers and recordResponse). Only the import is a target.
 */
export async function importBench(dir: string, sourcePath: string): Promise<ImportFigures> {
  const file = join(dir, "risposte.csv");
  const source = openBenchDb(sourcePath);
  let t = performance.now();
  let rows: number;
  try {
    rows = (
      await writeResponsesCsv(
        createSqliteStorage(source.db).responses,
        source.registry,
        { surveyId: CITIZENS },
        createWriteStream(file),
      )
    ).rows;
  } finally {
    source.db.$client.close();
  }
  const exportMs = performance.now() - t;

  const target = openBenchDb(join(dir, "import.db"));
  try {
    t = performance.now();
    const text = readFileSync(file, "utf8");
    const result = await importResponsesCsv(
      createSqliteStorage(target.db).responses,
      target.registry,
      CITIZENS,
      text,
      "bench",
    );
    const importMs = performance.now() - t;
    if (!result.ok)
      throw new Error(
        `importazione rifiutata: ${result.problems
          .slice(0, 3)
          .map((p) => `riga ${p.row}: ${p.reason}`)
          .join("; ")}`,
      );
    const stored = countResponses(target.db, CITIZENS);
    if (stored !== rows) throw new Error(`importate ${stored} risposte su ${rows}`);
    return { rows, bytes: statSync(file).size, exportMs, importMs, file };
  } finally {
    target.db.$client.close();
  }
}
