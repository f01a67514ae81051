import type { Db } from "../../db/client.js";
import type { DefinitionProblem } from "../../surveys/checks.js";
import { compatibilityProblems, looseTypeProblems } from "../../surveys/compatibility.js";
import { freezeDesigns, parseDefinitions, type LoadedSurvey } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { surveySchema, type SurveyDefinition } from "../../surveys/schema.js";
import { audit } from "../../audit/audit.service.js";
import { latestCatalogues } from "./catalogues.service.js";
import { insertSurveyVersion, listSurveyVersions } from "./versions.repository.js";
import { jsonDepth, MAX_DEFINITION_DEPTH } from "../../surveys/depth.js";

const FILE = "questionario";

export type CheckResult = { ok: true; survey: LoadedSurvey } | { ok: false; problems: DefinitionProblem[] };

/** Every published version of a survey: the stored ones and the one the registry serves. */
export function publishedHistory(db: Db, registry: SurveyRegistry, surveyId: string): SurveyDefinition[] {
  const stored = listSurveyVersions(db, surveyId).map((v) => v.definition);
  const current = registry.current(surveyId)?.definition;
  if (current && current.status !== "draft" && !stored.some((d) => d.version === current.version)) stored.push(current);
  return stored.sort((a, b) => a.version - b.version);
}

/** One more than any version known, including a file whose status kept it from being recorded. */
export function nextVersion(db: Db, registry: SurveyRegistry, surveyId: string): number {
  const known = [
    ...publishedHistory(db, registry, surveyId).map((d) => d.version),
    registry.current(surveyId)?.definition.version ?? 0,
  ];
  return Math.max(0, ...known) + 1;
}

/**
 * Checks a definition as the start would (schema and references, with the catalogues known
 * now) and against every published version of the same id (no id or value changes meaning).
 */
export function checkDefinition(db: Db, registry: SurveyRegistry, json: unknown): CheckResult {
  if ((json as { kind?: unknown } | null)?.kind !== "survey")
    return {
      ok: false,
      problems: [{ path: "kind", message: 'deve essere "survey": qui si caricano questionari, non cataloghi' }],
    };
  // Checked before anything walks the tree: conditions nested thousands deep would overflow the stack.
  if (jsonDepth(json, MAX_DEFINITION_DEPTH) > MAX_DEFINITION_DEPTH) {
    return {
      ok: false,
      problems: [
        {
          path: "",
          message: `la definizione è annidata troppo in profondità (più di ${MAX_DEFINITION_DEPTH} livelli): semplifichi le condizioni`,
        },
      ],
    };
  }
  const raw = new Map<string, unknown>([...latestCatalogues(db, registry)].map(([id, c]) => [`catalogo ${id}`, c]));
  raw.set(FILE, json);
  const { definitions, problems } = parseDefinitions(raw);
  const own = problems.filter((p) => p.startsWith(`${FILE}: `)).map(splitProblem);
  // Compared with the published versions whenever the shape is right, so that every problem shows at once.
  const shaped = surveySchema.safeParse(json);
  const history = publishedHistory(db, registry, String((json as { id?: unknown }).id));
  const incompatible = shaped.success ? compatibilityProblems(shaped.data, history) : looseTypeProblems(json, history);
  const survey = [...definitions.surveys.values()][0];
  const all = [...own, ...incompatible];
  if (all.length || !survey)
    return { ok: false, problems: all.length ? all : [{ path: "", message: "il questionario non è valido" }] };
  return { ok: true, survey };
}

/** "questionario: pages[0].id: message" → { path, message } (paths never contain ": "). */
function splitProblem(line: string): DefinitionProblem {
  const rest = line.slice(FILE.length + 2);
  const at = rest.indexOf(": ");
  const path = rest.slice(0, at);
  return { path: path === "(radice)" ? "" : path, message: rest.slice(at + 2) };
}

/**
 * Publishes a definition as a new immutable version: checked, stored, served, audited.
 * With `assignVersion` (the designer) the number is the previous one plus one.
 */
export function publishDefinition(
  db: Db,
  registry: SurveyRegistry,
  json: Record<string, unknown>,
  username: string,
  options: { assignVersion: boolean; onStored?: (tx: Db) => void },
  now = new Date(),
): CheckResult {
  const result = db.transaction(
    (tx): CheckResult => {
      const candidate = options.assignVersion ? { ...json, version: nextVersion(tx, registry, String(json.id)) } : json;
      const checked = checkDefinition(tx, registry, candidate);
      if (!checked.ok) return checked;
      // Best–worst designs are written into the stored version: its sets never depend on the generator again.
      const survey = freezeDesigns(checked.survey);
      survey.file = `(versione ${survey.definition.version} pubblicata dal progettista il ${now.toISOString().slice(0, 10)})`;
      insertSurveyVersion(tx, survey, now);
      options.onStored?.(tx);
      audit(
        tx,
        {
          username,
          action: "questionario.pubblicato",
          target: survey.definition.id,
          details: `versione ${survey.definition.version}`,
        },
        now,
      );
      return { ok: true, survey };
    },
    { behavior: "immediate" },
  );
  // Served only once stored: a failed transaction leaves the registry as it was.
  if (result.ok) registry.add(result.survey);
  return result;
}
