import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";
import { audit } from "../admin/audit.repository.js";
import { writeResponsesCsv } from "../admin/export.service.js";
import { counted } from "../admin/wording.js";
import type { Config } from "../config.js";
import { parseFilter } from "../web/data-filters.js";
import { openWithSurveys } from "./data-context.js";

export const EXPORT_USAGE = "export --survey ID --out F.csv [--channel web|kiosk|paper|import] [--from AAAA-MM-GG] [--to AAAA-MM-GG]";

/** `export`: the response CSV of a survey, streamed to a file (or to standard output with --out -). */
export async function exportCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({ args, options: { survey: { type: "string" }, out: { type: "string" }, channel: { type: "string" }, from: { type: "string" }, to: { type: "string" } } });
  if (!values.survey || !values.out) {
    console.error(`Uso: ${EXPORT_USAGE}`);
    return 2;
  }
  const { db, registry } = openWithSurveys(config);
  try {
    if (!registry.current(values.survey)) {
      console.error(`Il questionario "${values.survey}" non esiste.`);
      return 2;
    }
    // The same filters, with the same checks, as the web export.
    const { filter, errors } = parseFilter(values.survey, { canale: values.channel ?? "", dal: values.from ?? "", al: values.to ?? "" });
    if (Object.keys(errors).length) {
      console.error(Object.entries(errors).map(([k, m]) => `--${{ canale: "channel", dal: "from", al: "to" }[k] ?? k}: ${m}`).join("\n"));
      return 2;
    }
    const out = values.out === "-" ? process.stdout : createWriteStream(values.out);
    const summary = await writeResponsesCsv(db, registry, filter, out);
    audit(db, { username: "(riga di comando)", action: "risposte.esportate", target: values.survey, details: counted(summary.rows, "risposta", "risposte") });
    if (values.out !== "-") console.error(`${counted(summary.rows, "risposta scritta", "risposte scritte")} in ${values.out}.${summary.synthetic ? " Attenzione: il file contiene dati simulati (colonna synthetic = 1)." : ""}`);
    return 0;
  } finally {
    db.$client.close();
  }
}
