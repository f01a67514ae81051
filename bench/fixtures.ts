import { readFileSync } from "node:fs";
import { join } from "node:path";
import { openWithSurveys } from "../src/cli/data-context.js";
import { loadConfig } from "../src/config.js";
import type { Database, Db } from "../src/db/client.js";
import { generateResponses, parseMargins, type SyntheticResponse } from "../src/demo/generator.js";
import { createDraft, saveDraft } from "../src/storage/sqlite-drafts.js";
import { insertResponse } from "../src/storage/sqlite-responses.js";
import type { SurveyRegistry } from "../src/surveys/registry.js";

export const ROOT = join(import.meta.dirname, "..");
export const MARGINS = join(ROOT, "reports/margins/limbiate.csv");
export const CITIZENS = "cittadini";
export const STAFF = "personale";

/** A database at `path` with the shipped surveys published, as the server would open it. */
export function openBenchDb(path: string): { db: Database; registry: SurveyRegistry } {
  return openWithSurveys(loadConfig({ DATABASE_PATH: path, SURVEYS_DIR: join(ROOT, "surveys") }));
}

/** Synthetic citizens (or staff) from the demo's generator; the same seed gives the same people. */
export function generate(
  registry: SurveyRegistry,
  who: { citizens: number; staff: number; seed: number },
): SyntheticResponse[] {
  const citizenSurvey = registry.current(CITIZENS);
  const staffSurvey = registry.current(STAFF);
  if (!citizenSurvey || !staffSurvey)
    throw new Error("Servono i questionari «cittadini» e «personale» distribuiti in surveys/.");
  return generateResponses({
    ...who,
    citizenSurvey,
    staffSurvey,
    margins: parseMargins(readFileSync(MARGINS, "utf8")),
  });
}

/**
 * A benchmark fixture, not a data path of the product: the generated answers go straight into the
 * repository in transactions of 5,000, without recordResponse's validation (the generator's output
 * passes it: tests/demo checks that), so that 35,000 responses take seconds, not minutes.
 */
export function insertFast(db: Db, registry: SurveyRegistry, generated: readonly SyntheticResponse[]): void {
  for (let start = 0; start < generated.length; start += 5000) {
    db.transaction((tx) => {
      for (const r of generated.slice(start, start + 5000)) {
        const { responseId, enteredBy, ...meta } = r.meta;
        insertResponse(tx, {
          id: responseId,
          surveyId: r.surveyId,
          surveyVersion: registry.current(r.surveyId)!.definition.version,
          answers: r.answers,
          enteredBy: enteredBy ?? null,
          ...meta,
        });
      }
    });
  }
}

/** Web drafts holding complete, valid answers, as if each citizen were on the summary page: the tokens. */
export function prefillDrafts(
  db: Db,
  registry: SurveyRegistry,
  people: readonly SyntheticResponse[],
  count: number,
): string[] {
  const survey = registry.current(CITIZENS)!;
  const tokens: string[] = [];
  db.transaction((tx) => {
    for (let i = 0; i < count; i++) {
      const person = people[i % people.length];
      const draft = createDraft(tx, {
        surveyId: CITIZENS,
        surveyVersion: survey.definition.version,
        lang: person.meta.lang,
        channel: "web",
        codeHash: null,
        days: 30,
      });
      saveDraft(tx, draft.token, person.answers, person.meta.lang);
      tokens.push(draft.token);
    }
  });
  return tokens;
}
