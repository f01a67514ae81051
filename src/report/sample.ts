import { findSpeeders, findStraightLiners, type DuplicateReport } from "../analysis/index.js";
import type { StoredResponse } from "../responses/records.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { ReportInput } from "./build.js";
import { areaVariableOf } from "./dimensions.js";
import { protection, recordKey } from "./protection.js";
import { answerColumns, duplicateRows } from "./answer-columns.js";
import { citizenColumnsOf } from "./citizen-columns.js";
import { bestWorstTasks, importanceKind, questionsByRole } from "./records.js";
import { weighForReport } from "./weighting.js";

/**
 * The sample the report weights and its weights: data quality on the whole sample (flagged responses
 * are listed, and left out only if asked), the kept responses' answer columns and analysis columns,
 * then raking. The analysts' export takes its weights
 * from here, so they are the report's own.
 */
export function weighSample(
  input: Pick<
    ReportInput,
    "citizenSurvey" | "citizenVersions" | "citizens" | "margins" | "settings" | "marginsProblem"
  >,
  P = protection(),
) {
  const byRole = questionsByRole(input.citizenSurvey);
  const marginCategories = new Map(
    Object.entries(input.margins?.targets ?? {}).map(([v, cats]) => [v, new Set(Object.keys(cats))]),
  );
  const kind = importanceKind(byRole);
  const strataVariable = areaVariableOf(input.citizenSurvey);
  const versionOf = versionReader(input);
  const positional =
    kind === "maxdiff" ? (r: StoredResponse) => positionalAnswers(versionOf(r.surveyVersion), r.answers) : null;
  // The answers as one column per key, gathered once: the duplicates check, the question estimates and
  // the analysis columns read them. Responses left out are then left out of the columns too.
  const all = answerColumns(input.citizens.map((r) => r.answers));
  const duplicates = duplicateRows(all, input.citizens.length);
  const quality = qualityFlags(input.citizens, byRole, P, input.citizens.map(recordKey), positional, duplicates);
  const kept = input.settings.excludeFlagged
    ? input.citizens.filter((_, i) => !quality.flagged.has(i))
    : input.citizens;
  // Each response is read with its own survey version (a best–worst design belongs to a version).
  const columns = kept.length === input.citizens.length ? all : answerColumns(kept.map((r) => r.answers));
  const citizens = citizenColumnsOf(kept, columns, versionOf, marginCategories, strataVariable, kind);
  const weighting = weighForReport(citizens.categories, input.margins, input.settings.trim, input.marginsProblem);
  return { quality, kept, citizens, columns, weighting };
}

export type VersionView = { byRole: ReturnType<typeof questionsByRole>; catalogue: LoadedSurvey["catalogue"] };

export function versionReader(
  input: Pick<ReportInput, "citizenSurvey" | "citizenVersions">,
): (version: number) => VersionView {
  const cache = new Map<number, VersionView>();
  return (version) => {
    let found = cache.get(version);
    if (!found) {
      const survey = input.citizenVersions?.get(version) ?? input.citizenSurvey;
      cache.set(version, (found = { byRole: questionsByRole(survey), catalogue: survey.catalogue }));
    }
    return found;
  };
}

const UNTIMED = new Set(["paper", "import"]);

/**
 * A best–worst answer's "straight line": the positions picked in each set (best·10 + worst). The same
 * pair in every set is answering by position, not by content.
 */
function positionalAnswers(version: VersionView, answers: StoredResponse["answers"]): number[] {
  return bestWorstTasks(version.byRole, answers, version.catalogue).map(
    (t) => t.items.indexOf(t.best) * 10 + t.items.indexOf(t.worst),
  );
}

function qualityFlags(
  responses: StoredResponse[],
  byRole: ReturnType<typeof questionsByRole>,
  P: ReturnType<typeof protection>,
  keys: number[],
  positional: ((r: StoredResponse) => number[]) | null,
  duplicates: DuplicateReport,
) {
  const countOf = (indices: readonly number[]) => {
    const set = new Set(indices);
    return P.countOf(keys, (i) => set.has(i));
  };
  // Only a measured time judges a speeder: paper forms typed in and imports have none (older rows
  // stored the submission time as the start, hence the channel check too).
  const durations = responses.map((r) =>
    r.startedAt === null || UNTIMED.has(r.channel)
      ? null
      : (Date.parse(r.submittedAt) - Date.parse(r.startedAt)) / 1000,
  );
  const speeders = findSpeeders(durations);
  // Straight-lining: the same mark on every row of the importance grid, or the same positions in every best–worst set.
  const grid = (byRole.get("importance") ?? []).find((q) => q.type === "matrix" && !!q.scale);
  const grids = responses.map((r) =>
    positional
      ? positional(r)
      : grid
        ? Object.entries(r.answers)
            .filter(([k]) => k.startsWith(`${grid.id}/`))
            .map(([, v]) => (v === "non_so" ? null : Number(v)))
        : [],
  );
  const straight = findStraightLiners(grids);
  const flagged = new Set([...speeders.flagged, ...straight, ...duplicates.flagged]);
  return {
    flagged,
    speeders: {
      count: countOf(speeders.flagged),
      medianSeconds: speeders.median,
      thresholdSeconds: speeders.threshold,
      untimed: countOf(durations.flatMap((d, i) => (d === null ? [i] : []))),
    },
    straightLiners: { count: countOf(straight) },
    duplicates: { count: countOf(duplicates.flagged) },
  };
}
