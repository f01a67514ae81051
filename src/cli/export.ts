import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { exportForAnalysts } from "../admin/analyst-export.service.js";
import { ANALYST_FORMATS, type AnalystFormat } from "../interchange/analyst-files.js";
import { parseArgs } from "node:util";
import { writeResponsesCsv } from "../admin/export.service.js";
import { counted } from "../format/wording.js";
import type { Config } from "../config.js";
import { parseFilter } from "../web/data/filters.js";
import { openStorageWithSurveys } from "./open-storage.js";
import { EXPORT_USAGE } from "./usage.js";

/** Formats written as several files: --out names a folder. */
const FOLDER_FORMATS = new Set(["spss", "stata", "r", "datapackage"]);

/** `export`: the response CSV of a survey (SQLite or PostgreSQL), streamed to a file (or to standard output with --out -). */
export async function exportCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      survey: { type: "string" },
      out: { type: "string" },
      format: { type: "string" },
      channel: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
    },
  });
  const format = values.format ?? "csv";
  if (!values.survey || !values.out || (format !== "csv" && !(ANALYST_FORMATS as readonly string[]).includes(format))) {
    console.error(`Uso: ${EXPORT_USAGE}`);
    return 2;
  }
  const { storage, registry } = await openStorageWithSurveys(config);
  try {
    if (!registry.current(values.survey)) {
      console.error(`Il questionario "${values.survey}" non esiste.`);
      return 2;
    }
    // The same filters, with the same checks, as the web export.
    const { filter, errors } = parseFilter(values.survey, {
      canale: values.channel ?? "",
      dal: values.from ?? "",
      al: values.to ?? "",
    });
    if (Object.keys(errors).length) {
      console.error(
        Object.entries(errors)
          .map(([k, m]) => `--${{ canale: "channel", dal: "from", al: "to" }[k] ?? k}: ${m}`)
          .join("\n"),
      );
      return 2;
    }
    if (format !== "csv") {
      const result = await exportForAnalysts(storage, registry, filter, format as AnalystFormat, config.marginsFile);
      if (FOLDER_FORMATS.has(format)) {
        mkdirSync(values.out, { recursive: true });
        for (const [name, data] of result.files) writeFileSync(join(values.out, name), data);
      } else writeFileSync(values.out, [...result.files.values()][0]);
      await storage.audit.record({
        username: "(riga di comando)",
        action: "risposte.esportate",
        target: values.survey,
        details: `${counted(result.rows, "risposta", "risposte")}, formato ${format}`,
      });
      console.error(
        `${counted(result.rows, "risposta scritta", "risposte scritte")} in ${values.out}${FOLDER_FORMATS.has(format) ? ` (${[...result.files.keys()].join(", ")})` : ""}.${result.weighted ? " Con i pesi del rapporto (colonna peso)." : ""}${result.synthetic ? " Attenzione: il file contiene dati simulati (colonna synthetic = 1)." : ""}`,
      );
      return 0;
    }
    const out = values.out === "-" ? process.stdout : createWriteStream(values.out);
    const summary = await writeResponsesCsv(storage.responses, registry, filter, out);
    await storage.audit.record({
      username: "(riga di comando)",
      action: "risposte.esportate",
      target: values.survey,
      details: counted(summary.rows, "risposta", "risposte"),
    });
    if (values.out !== "-")
      console.error(
        `${counted(summary.rows, "risposta scritta", "risposte scritte")} in ${values.out}.${summary.synthetic ? " Attenzione: il file contiene dati simulati (colonna synthetic = 1)." : ""}`,
      );
    return 0;
  } finally {
    await storage.close();
  }
}
