import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import type { Config } from "../config.js";
import { generateResponses, parseMargins, type SyntheticResponse } from "../demo/generator.js";
import { storeSynthetic, type SyntheticTarget } from "../responses/synthetic.service.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { counted } from "../format/wording.js";
import { openStorageWithSurveys } from "./open-storage.js";
import { DEMO_USAGE } from "./usage.js";

export const DEFAULT_MARGINS = "reports/margins/limbiate.csv";

export interface DemoRun {
  citizens: number;
  staff: number;
  seed: number;
  marginsPath: string;
  /** Last day of the fieldwork; the generator's fixed default when absent. */
  end?: string;
}

/**
 * Generates a synthetic Limbiate for the shipped questionnaires and stores it as synthetic, all or
 * nothing, in `target` (a storage's responses, SQLite or PostgreSQL: the same seed stores the same responses).
 */
export async function fillWithSynthetic(
  target: SyntheticTarget,
  registry: SurveyRegistry,
  run: DemoRun,
  by: string,
): Promise<Map<string, number>> {
  const citizenSurvey = registry.current("cittadini");
  const staffSurvey = registry.current("personale");
  if (!citizenSurvey || !staffSurvey)
    throw new Error(
      "Servono i questionari «cittadini» e «personale»: il generatore è scritto per quelli distribuiti in surveys/.",
    );
  let csv: string;
  try {
    csv = readFileSync(run.marginsPath, "utf8");
  } catch {
    throw new Error(`Non riesco a leggere il file dei margini ${run.marginsPath}.`);
  }
  const margins = parseMargins(csv);
  const generated: SyntheticResponse[] = generateResponses({
    ...run,
    citizenSurvey,
    staffSurvey,
    margins,
    fieldworkEnd: run.end,
  });
  return storeSynthetic(target, registry, generated, by, `seme ${run.seed}`);
}

const COUNT = /^\d{1,6}$/;

/** `demo`: N synthetic citizens and M synthetic staff into the configured database (SQLite or PostgreSQL). */
export async function demoCommand(args: string[], config: Config): Promise<number> {
  let values: Partial<Record<"citizens" | "staff" | "seed" | "margins" | "end", string>>;
  try {
    values = parseArgs({
      args,
      options: {
        citizens: { type: "string" },
        staff: { type: "string" },
        seed: { type: "string" },
        margins: { type: "string" },
        end: { type: "string" },
      },
    }).values;
  } catch {
    console.error(`Uso: npm run cli -- ${DEMO_USAGE}\nOpzione sconosciuta o senza valore.`);
    return 2;
  }
  const citizens = values.citizens ?? "800";
  const staff = values.staff ?? "60";
  const seed = values.seed ?? "1";
  const problems: string[] = [];
  if (!COUNT.test(citizens) || +citizens > 100_000) problems.push("--citizens: un numero intero da 0 a 100000.");
  if (!COUNT.test(staff) || +staff > 10_000) problems.push("--staff: un numero intero da 0 a 10000.");
  if (!/^\d{1,10}$/.test(seed) || +seed > 0xffffffff) problems.push("--seed: un numero intero da 0 a 4294967295.");
  if (values.end !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(values.end))
    problems.push("--end: una data nella forma AAAA-MM-GG.");
  if (problems.length) {
    console.error(`Uso: npm run cli -- ${DEMO_USAGE}\n${problems.join("\n")}`);
    return 2;
  }
  const { storage, registry } = await openStorageWithSurveys(config);
  try {
    const run: DemoRun = {
      citizens: +citizens,
      staff: +staff,
      seed: +seed,
      marginsPath: resolve(values.margins ?? DEFAULT_MARGINS),
      end: values.end && `${values.end}T00:00:00.000Z`,
    };
    const counts = await fillWithSynthetic(storage.responses, registry, run, "(riga di comando)");
    for (const [surveyId, n] of counts)
      console.log(
        `${surveyId}: ${counted(n, "risposta simulata salvata", "risposte simulate salvate")} (dati simulati, seme ${seed}).`,
      );
    if (counts.size === 0) console.log("Nessuna risposta richiesta: nulla è stato salvato.");
    return 0;
  } finally {
    await storage.close();
  }
}
