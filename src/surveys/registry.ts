import type { LoadedSurvey } from "./loader.js";

/** Every known version of every survey; the highest version is the one new respondents get. */
export interface SurveyRegistry {
  current(id: string): LoadedSurvey | undefined;
  version(id: string, version: number): LoadedSurvey | undefined;
  /** The surveys a citizen may start now, in title order. */
  open(): LoadedSurvey[];
  all(): LoadedSurvey[];
}

export function createRegistry(surveys: Iterable<LoadedSurvey>): SurveyRegistry {
  const byKey = new Map<string, LoadedSurvey>();
  const latest = new Map<string, LoadedSurvey>();
  for (const s of surveys) {
    const { id, version } = s.definition;
    byKey.set(`${id}@${version}`, s);
    const known = latest.get(id);
    if (!known || known.definition.version < version) latest.set(id, s);
  }
  return {
    current: (id) => latest.get(id),
    version: (id, version) => byKey.get(`${id}@${version}`),
    open: () =>
      [...latest.values()]
        .filter((s) => s.definition.status === "open")
        .sort((a, b) => a.definition.title.it.localeCompare(b.definition.title.it, "it")),
    all: () => [...latest.values()],
  };
}
