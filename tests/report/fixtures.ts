import { readFileSync } from "node:fs";
import { KEY_RANGE } from "../../src/analysis/cell-key.js";
import { createRng } from "../../src/analysis/random.js";
import { generateResponses, parseMargins as demoMargins } from "../../src/demo/generator.js";
import type { StoredResponse } from "../../src/responses/records.js";
import { buildReport, type ReportInput } from "../../src/report/build.js";
import { weightingChoices } from "../../src/report/load.js";
import { parseMargins } from "../../src/report/margins.js";
import { DEFAULT_SETTINGS } from "../../src/report/types.js";
import { loadDefinitions } from "../../src/surveys/loader.js";
import { SHIPPED_MARGINS, SHIPPED_SURVEYS } from "../helpers/app.js";

const { surveys } = loadDefinitions(SHIPPED_SURVEYS);
export const citizenSurvey = surveys.get("cittadini")!;
export const staffSurvey = surveys.get("personale")!;
const csv = readFileSync(SHIPPED_MARGINS, "utf8");
const parsed = parseMargins(
  "limbiate.csv",
  csv,
  { illustrative: true, source: "test" },
  weightingChoices(citizenSurvey),
);
if (!parsed.ok) throw new Error(parsed.errors.join("\n"));
export const margins = parsed.margins;

/** The sample tests/fixtures/r/make-report-reference.R computed its reference values on. */
export const REPORT_SAMPLE = { citizens: 400, staff: 40, seed: 31 } as const;

/** Synthetic responses as the repository returns them. */
export function syntheticSample(
  citizens: number,
  staff: number,
  seed = 7,
): { citizens: StoredResponse[]; staff: StoredResponse[] } {
  const all = generateResponses({ seed, citizens, staff, citizenSurvey, staffSurvey, margins: demoMargins(csv) });
  // Record keys as the database draws them (uniform in [0, 2^32)), from a seeded generator here.
  const rng = createRng(seed * 7919 + 1);
  const stored = all.map((r): StoredResponse => ({
    id: r.meta.responseId,
    surveyId: r.surveyId,
    surveyVersion: 1,
    channel: r.meta.channel,
    lang: r.meta.lang,
    startedAt: r.meta.startedAt,
    submittedAt: r.meta.submittedAt,
    synthetic: true,
    answers: r.answers,
    cellKey: rng.nextUint32() % KEY_RANGE,
  }));
  return {
    citizens: stored.filter((r) => r.surveyId === "cittadini"),
    staff: stored.filter((r) => r.surveyId === "personale"),
  };
}

export function reportOf(
  sample: { citizens: StoredResponse[]; staff: StoredResponse[] },
  overrides: Partial<ReportInput> = {},
) {
  return buildReport({
    citizenSurvey,
    staffSurvey,
    margins,
    citizens: sample.citizens,
    staff: sample.staff,
    settings: { ...DEFAULT_SETTINGS, replicates: 200 },
    filters: { groups: {} },
    generatedAt: "2026-11-27T00:00:00.000Z",
    ...overrides,
  });
}
