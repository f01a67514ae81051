import { existsSync, readFileSync } from "node:fs";
import type { Db } from "../db/client.js";
import { listResponses } from "../responses/repository.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { choicesOf } from "../surveys/options.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { buildReport, type Report } from "./build.js";
import { parseMargins, type MarginsResult } from "./margins.js";
import { questionsByRole } from "./records.js";
import { readReportSettings, readStoredMargins } from "./settings.repository.js";
import type { ReportFilters, ReportSettings } from "./types.js";

export class ReportUnavailable extends Error {}

/** The choice values each weighting variable can take: what a margins file is checked against. */
export function weightingChoices(survey: LoadedSurvey): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const q of questionsByRole(survey).get("weighting") ?? []) {
    if (q.analysis?.variable && (q.type === "single" || q.type === "multi")) out.set(q.analysis.variable, new Set(choicesOf(q, survey.catalogue).map((c) => c.value)));
  }
  return out;
}

/** The margins a report uses: those uploaded for the survey, else the shipped file (with its .meta.json). */
export function marginsFor(db: Db, survey: LoadedSurvey, defaultFile: string): MarginsResult | null {
  const stored = readStoredMargins(db, survey.definition.id);
  if (stored) return parseMargins(stored.name, stored.csv, { illustrative: stored.illustrative, source: stored.source }, weightingChoices(survey));
  if (!existsSync(defaultFile)) return null;
  const metaFile = defaultFile.replace(/\.csv$/, ".meta.json");
  // A file without its note is treated as unverified: better a warning too many than one too few.
  const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, "utf8")) as { illustrative?: boolean; source?: string }) : {};
  return parseMargins(defaultFile.split("/").pop()!, readFileSync(defaultFile, "utf8"), { illustrative: meta.illustrative ?? true, source: meta.source ?? "" }, weightingChoices(survey));
}

/** The staff survey that shares the citizen survey's catalogue (its answers sit beside the citizens'). */
export function staffSurveyFor(registry: SurveyRegistry, survey: LoadedSurvey): LoadedSurvey | undefined {
  return registry.all().find((s) => s !== survey && s.definition.catalogue === survey.definition.catalogue && questionsByRole(s).has("staff_area"));
}

export function loadReport(
  db: Db,
  registry: SurveyRegistry,
  surveyId: string,
  options: { marginsFile: string; filters?: ReportFilters; settings?: Partial<ReportSettings>; now?: Date },
): Report {
  const survey = registry.current(surveyId);
  if (!survey || !questionsByRole(survey).has("services_used")) throw new ReportUnavailable(`Il questionario «${surveyId}» non ha un rapporto.`);
  const margins = marginsFor(db, survey, options.marginsFile);
  const staffSurvey = staffSurveyFor(registry, survey);
  return buildReport({
    citizenSurvey: survey,
    citizens: listResponses(db, surveyId),
    staffSurvey,
    staff: staffSurvey ? listResponses(db, staffSurvey.definition.id) : [],
    margins: margins?.ok ? margins.margins : undefined,
    marginsProblem: margins && !margins.ok ? `Le stime non sono ponderate: i margini di censimento non corrispondono al questionario (${margins.errors.slice(0, 3).join(" ")}).` : undefined,
    settings: { ...readReportSettings(db, surveyId), ...options.settings },
    filters: options.filters ?? { groups: {} },
    generatedAt: (options.now ?? new Date()).toISOString(),
  });
}
