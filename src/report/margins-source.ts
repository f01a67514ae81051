import { existsSync, readFileSync } from "node:fs";
import type { LoadedSurvey } from "../surveys/loader.js";
import { choicesOf } from "../surveys/options.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { parseMargins, type MarginsResult } from "./margins.js";
import { questionsByRole } from "./records.js";
import type { StoredMargins } from "./types.js";

/** The choice values each weighting variable can take: what a margins file is checked against. */
export function weightingChoices(survey: LoadedSurvey): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const q of questionsByRole(survey).get("weighting") ?? []) {
    if (q.analysis?.variable && (q.type === "single" || q.type === "multi"))
      out.set(q.analysis.variable, new Set(choicesOf(q, survey.catalogue).map((c) => c.value)));
  }
  return out;
}

/** The margins a report uses: those uploaded for the survey (read with its inputs, on either engine), else the shipped file (with its .meta.json). */
export function marginsFrom(
  stored: StoredMargins | undefined,
  survey: LoadedSurvey,
  defaultFile: string,
): MarginsResult | null {
  if (stored)
    return parseMargins(
      stored.name,
      stored.csv,
      { illustrative: stored.illustrative, source: stored.source },
      weightingChoices(survey),
    );
  if (!existsSync(defaultFile)) return null;
  const metaFile = defaultFile.replace(/\.csv$/, ".meta.json");
  // A file without its note is treated as unverified: better a warning too many than one too few.
  const meta = existsSync(metaFile)
    ? (JSON.parse(readFileSync(metaFile, "utf8")) as { illustrative?: boolean; source?: string })
    : {};
  return parseMargins(
    defaultFile.split("/").pop()!,
    readFileSync(defaultFile, "utf8"),
    { illustrative: meta.illustrative ?? true, source: meta.source ?? "" },
    weightingChoices(survey),
  );
}

/** The staff survey that shares the citizen survey's catalogue (its answers sit beside the citizens'). */
export function staffSurveyFor(registry: SurveyRegistry, survey: LoadedSurvey): LoadedSurvey | undefined {
  return registry
    .all()
    .find(
      (s) =>
        s !== survey && s.definition.catalogue === survey.definition.catalogue && questionsByRole(s).has("staff_area"),
    );
}
