import type { LoadedSurvey } from "./loader.js";

/** Every known version of every survey; the highest version is the one new respondents get. */
export interface SurveyRegistry {
  current(id: string): LoadedSurvey | undefined;
  version(id: string, version: number): LoadedSurvey | undefined;
  /** The latest version of every survey, in title order. */
  all(): LoadedSurvey[];
  /** Adds a newly published version (from the designer); it becomes current if it is the highest. */
  add(survey: LoadedSurvey): void;
}

export function createRegistry(surveys: Iterable<LoadedSurvey>): SurveyRegistry {
  const byKey = new Map<string, LoadedSurvey>();
  const latest = new Map<string, LoadedSurvey>();
  const add = (s: LoadedSurvey): void => {
    const { id, version } = s.definition;
    byKey.set(`${id}@${version}`, s);
    const known = latest.get(id);
    if (!known || known.definition.version < version) latest.set(id, s);
  };
  for (const s of surveys) add(s);
  return {
    current: (id) => latest.get(id),
    version: (id, version) => byKey.get(`${id}@${version}`),
    all: () => [...latest.values()].sort((a, b) => a.definition.title.it.localeCompare(b.definition.title.it, "it")),
    add,
  };
}
