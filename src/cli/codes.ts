import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Config } from "../config.js";
import { loadDefinitions } from "../surveys/loader.js";
import { openStorage } from "./open-storage.js";

/**
 * N single-use access codes for a survey, shown once (the database keeps only their hashes), on the
 * database the server uses (SQLite or PostgreSQL). The survey files are published first, as at the
 * server's start, so codes can be made before the server has ever run.
 */
export async function codesCommand(args: string[], config: Config): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { survey: { type: "string" }, count: { type: "string" }, out: { type: "string" } },
  });
  const count = Number(values.count);
  if (!values.survey || !Number.isInteger(count) || count < 1 || count > 100_000) {
    console.error("Indichi --survey e un --count intero da 1 a 100000.");
    return 2;
  }
  const { surveys } = loadDefinitions(config.surveysDir);
  const survey = surveys.get(values.survey);
  if (!survey) {
    console.error(`Il questionario "${values.survey}" non esiste in ${config.surveysDir}.`);
    return 2;
  }
  if (survey.definition.access !== "code")
    console.error(`Attenzione: "${values.survey}" non richiede codici di accesso.`);
  const storage = await openStorage(config);
  try {
    await storage.surveys.publish([...surveys.values()]);
    const codes = await storage.accessCodes.create(values.survey, count);
    const csv = `codice\n${codes.join("\n")}\n`;
    if (values.out) {
      writeFileSync(values.out, csv);
      console.error(`${count} codici scritti in ${values.out}.`);
    } else process.stdout.write(csv);
    return 0;
  } finally {
    await storage.close();
  }
}
