import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { importResponsesCsv } from "../admin/import.service.js";
import { counted } from "../format/wording.js";
import type { Config } from "../config.js";
import { openStorageWithSurveys } from "./open-storage.js";
import { IMPORT_USAGE } from "./usage.js";

/** `import`: a response CSV into the database (SQLite or PostgreSQL), all or nothing, with every bad row listed. */
export async function importCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { survey: { type: "string" }, file: { type: "string" } } });
  if (!values.survey || !values.file) {
    console.error(`Uso: ${IMPORT_USAGE}`);
    return 2;
  }
  const text = readFileSync(values.file, "utf8");
  const { storage, registry } = await openStorageWithSurveys(config);
  try {
    if (!registry.current(values.survey)) {
      console.error(`Il questionario "${values.survey}" non esiste.`);
      return 2;
    }
    const result = await importResponsesCsv(storage.responses, registry, values.survey, text, "(riga di comando)");
    if (!result.ok) {
      console.error(
        `Nessuna risposta importata: ${counted(result.problems.length, "problema", "problemi")} (la riga 1 è l'intestazione).`,
      );
      for (const p of result.problems) console.error(`  riga ${p.row}: ${p.reason}`);
      return 1;
    }
    console.error(`${counted(result.count, "risposta importata", "risposte importate")} in "${values.survey}".`);
    return 0;
  } finally {
    await storage.close();
  }
}
