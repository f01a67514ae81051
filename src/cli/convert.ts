import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { parseArgs } from "node:util";
import { convertForeignSurvey, FOREIGN_FORMATS, type ForeignFormat } from "../web/designer/convert.service.js";
import { ImportError } from "../interchange/draft-builder.js";
import { ID_PATTERN } from "../surveys/schema.js";
import { CONVERT_USAGE } from "./usage.js";

/** `convert`: a LimeSurvey or XLSForm file → a definition for surveys/, and what was not mapped. */
export async function convertCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { from: { type: "string" }, file: { type: "string" }, out: { type: "string" }, id: { type: "string" } },
  });
  if (!values.from || !(values.from in FOREIGN_FORMATS) || !values.file || !values.out) {
    console.error(`Uso: ${CONVERT_USAGE}`);
    return 2;
  }
  if (values.id !== undefined && !ID_PATTERN.test(values.id)) {
    console.error("--id: usi solo lettere minuscole, cifre e _, iniziando con una lettera.");
    return 2;
  }
  let data: Buffer;
  try {
    data = readFileSync(values.file);
  } catch (e) {
    console.error(`Non riesco a leggere ${values.file}: ${(e as Error).message}`);
    return 2;
  }
  try {
    const result = await convertForeignSurvey(values.from as ForeignFormat, data, {
      id: values.id,
      fileName: basename(values.file),
    });
    writeFileSync(values.out, `${JSON.stringify({ ...result.survey, $schema: "./survey.schema.json" }, null, 2)}\n`);
    const questions = result.survey.pages.reduce((n, p) => n + p.questions.length, 0);
    console.log(
      `Scritto ${values.out}: questionario «${result.survey.id}», ${questions} domande in ${result.survey.pages.length} pagine.`,
    );
    for (const note of result.notes) console.log(`Nota: ${note}`);
    if (result.unmapped.length) {
      console.log(`Non importato o cambiato (${result.unmapped.length}):`);
      for (const item of result.unmapped) console.log(`  - ${item.code}: ${item.reason}`);
    } else console.log("Tutto il contenuto è stato importato.");
    return 0;
  } catch (e) {
    if (e instanceof ImportError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}
