import { existsSync, readFileSync, statSync } from "node:fs";
import type { Db } from "../db/client.js";
import { listResponses } from "../responses/repository.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { choicesOf } from "../surveys/options.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { buildReport, type Report } from "./build.js";
import { cachedReport, responsesFingerprint } from "./cache.js";
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
  const staffSurvey = staffSurveyFor(registry, survey);
  const settings = { ...readReportSettings(db, surveyId), ...options.settings };
  const filters = options.filters ?? { groups: {} };
  const stored = readStoredMargins(db, surveyId);
  const marginsVersion = stored ? `caricati ${stored.uploadedAt}` : existsSync(options.marginsFile) ? `file ${statSync(options.marginsFile).mtimeMs}` : "nessuno";
  const key = JSON.stringify([
    survey.definition.id, survey.definition.version, staffSurvey?.definition.version ?? null, settings, filters, marginsVersion,
    responsesFingerprint(db, [surveyId, ...(staffSurvey ? [staffSurvey.definition.id] : [])]),
  ]);
  return cachedReport(db, key, () => computeReport(db, survey, staffSurvey, options.marginsFile, settings, filters, options.now ?? new Date()));
}

function computeReport(
  db: Db,
  survey: LoadedSurvey,
  staffSurvey: LoadedSurvey | undefined,
  marginsFile: string,
  settings: ReportSettings,
  filters: ReportFilters,
  now: Date,
): Report {
  const margins = marginsFor(db, survey, marginsFile);
  return buildReport({
    citizenSurvey: survey,
    citizens: listResponses(db, survey.definition.id),
    staffSurvey,
    staff: staffSurvey ? listResponses(db, staffSurvey.definition.id) : [],
    margins: margins?.ok ? margins.margins : undefined,
    marginsProblem: margins && !margins.ok ? `Le stime non sono ponderate: i margini di censimento non corrispondono al questionario (${margins.errors.slice(0, 3).join(" ")}).` : undefined,
    settings,
    filters,
    generatedAt: now.toISOString(),
  });
}
