import { findSpeeders, findStraightLiners, type BestWorstTask, type DuplicateReport } from "../analysis/index.js";
import type { StoredResponse } from "../responses/records.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { maxdiffKeys } from "../surveys/kinds/maxdiff.js";
import type { Answers } from "../surveys/options.js";
import type { ReportInput } from "./build.js";
import { areaVariableOf } from "./dimensions.js";
import { protection, recordKey } from "./protection.js";
import { answerColumns, duplicateRows, type CodedColumn } from "./answer-columns.js";
import { tabulatedColumns } from "./tabulated-responses.js";
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
  // The answers as one column per key, gathered once: the duplicates check, the question estimates and
  // the analysis columns read them. Responses left out are then left out of the columns too.
  const all = tabulatedColumns(input.citizens) ?? answerColumns(input.citizens.map((r) => r.answers));
  // Each response's best–worst tasks, read once from the columns with its own survey version (a design
  // belongs to a version): the straight-lining check, the importance and the best–worst section use them.
  const tasks = kind === "maxdiff" ? input.citizens.map((r, i) => tasksAt(versionOf(r.surveyVersion), all, i)) : null;
  const duplicates = duplicateRows(all, input.citizens.length);
  const quality = qualityFlags(input.citizens, byRole, P, input.citizens.map(recordKey), all, tasks, duplicates);
  const keptRows = input.settings.excludeFlagged
    ? input.citizens.flatMap((_, i) => (quality.flagged.has(i) ? [] : [i]))
    : null;
  const kept = keptRows ? keptRows.map((i) => input.citizens[i]) : input.citizens;
  const keptTasks = tasks && keptRows ? keptRows.map((i) => tasks[i]) : tasks;
  const columns = kept.length === input.citizens.length ? all : answerColumns(kept.map((r) => r.answers));
  const citizens = citizenColumnsOf(
    kept,
    columns,
    versionOf,
    marginCategories,
    strataVariable,
    kind,
    keptTasks ? (i) => keptTasks[i] : undefined,
  );
  const weighting = weighForReport(citizens.categories, input.margins, input.settings.trim, input.marginsProblem);
  return { quality, kept, keptTasks, citizens, columns, weighting };
}

export type VersionView = {
  byRole: ReturnType<typeof questionsByRole>;
  catalogue: LoadedSurvey["catalogue"];
  /** The answer keys of the version's best–worst questions: all that its tasks are read from. */
  bestWorstKeys: string[];
};

export function versionReader(
  input: Pick<ReportInput, "citizenSurvey" | "citizenVersions">,
): (version: number) => VersionView {
  const cache = new Map<number, VersionView>();
  return (version) => {
    let found = cache.get(version);
    if (!found) {
      const survey = input.citizenVersions?.get(version) ?? input.citizenSurvey;
      const byRole = questionsByRole(survey);
      const bestWorstKeys = (byRole.get("importance") ?? []).flatMap((q) =>
        q.type === "maxdiff" ? maxdiffKeys(q) : [],
      );
      cache.set(version, (found = { byRole, catalogue: survey.catalogue, bestWorstKeys }));
    }
    return found;
  };
}

/** Row i's best–worst tasks from the answer columns: bestWorstTasks of its answers to those keys only. */
function tasksAt(version: VersionView, columns: ReadonlyMap<string, CodedColumn>, i: number): BestWorstTask[] {
  const answers: Answers = {};
  for (const key of version.bestWorstKeys) {
    const col = columns.get(key);
    const code = col ? col.codes[i] : 0;
    if (code !== 0) answers[key] = col!.values[code]!;
  }
  return bestWorstTasks(version.byRole, answers, version.catalogue);
}

const UNTIMED = new Set(["paper", "import"]);

/**
 * A best–worst answer's "straight line": the positions picked in each set (best·10 + worst). The same
 * pair in every set is answering by position, not by content.
 */
function positionalAnswers(tasks: readonly BestWorstTask[]): number[] {
  return tasks.map((t) => t.items.indexOf(t.best) * 10 + t.items.indexOf(t.worst));
}

function qualityFlags(
  responses: StoredResponse[],
  byRole: ReturnType<typeof questionsByRole>,
  P: ReturnType<typeof protection>,
  keys: number[],
  columns: ReadonlyMap<string, CodedColumn>,
  tasks: readonly (readonly BestWorstTask[])[] | null,
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
  // The grid's rows are its columns `id/row`; only whether every answered row is the same counts.
  const gridColumns = grid ? [...columns].filter(([k]) => k.startsWith(`${grid.id}/`)).map(([, c]) => c) : [];
  const grids = responses.map((_, i) =>
    tasks
      ? positionalAnswers(tasks[i])
      : gridColumns.flatMap((col) => {
          const code = col.codes[i];
          if (code === 0) return [];
          const v = col.values[code];
          return [v === "non_so" ? null : Number(v)];
        }),
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
