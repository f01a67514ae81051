import type { DefinitionProblem } from "../../surveys/checks.js";
import { compatibilityProblems, looseTypeProblems } from "../../surveys/compatibility.js";
import { freezeDesigns, parseDefinitions, type LoadedSurvey } from "../../surveys/loader.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { surveySchema, type SurveyDefinition } from "../../surveys/schema.js";
import type { DefinitionPlan, Storage } from "../../storage/types.js";
import { latestCatalogues } from "./catalogues.service.js";
import type { Known } from "./known.service.js";
import { jsonDepth, MAX_DEFINITION_DEPTH } from "../../surveys/depth.js";

const FILE = "questionario";
const DRAFT_CHANGED =
  "la bozza è stata modificata o pubblicata da un'altra persona mentre lei la pubblicava: non è stato pubblicato nulla. Ricarichi la pagina, controlli la bozza e la pubblichi di nuovo.";

export type CheckResult = { ok: true; survey: LoadedSurvey } | { ok: false; problems: DefinitionProblem[] };

/** Every published version of a survey: the stored ones and the one the registry serves. */
export function publishedHistory(known: Known, surveyId: string): SurveyDefinition[] {
  const stored = known.surveys.filter((v) => v.definition.id === surveyId).map((v) => v.definition);
  const current = known.registry.current(surveyId)?.definition;
  if (current && current.status !== "draft" && !stored.some((d) => d.version === current.version)) stored.push(current);
  return stored.sort((a, b) => a.version - b.version);
}

/** One more than any version known, including a file whose status kept it from being recorded. */
export function nextVersion(known: Known, surveyId: string): number {
  const versions = [
    ...publishedHistory(known, surveyId).map((d) => d.version),
    known.registry.current(surveyId)?.definition.version ?? 0,
  ];
  return Math.max(0, ...versions) + 1;
}

/**
 * Checks a definition as the start would (schema and references, with the catalogues known
 * now) and against every published version of the same id (no id or value changes meaning).
 */
export function checkDefinition(known: Known, json: unknown): CheckResult {
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
  const raw = new Map<string, unknown>([...latestCatalogues(known)].map(([id, c]) => [`catalogo ${id}`, c]));
  raw.set(FILE, json);
  const { definitions, problems } = parseDefinitions(raw);
  const own = problems.filter((p) => p.startsWith(`${FILE}: `)).map(splitProblem);
  // Compared with the published versions whenever the shape is right, so that every problem shows at once.
  const shaped = surveySchema.safeParse(json);
  const history = publishedHistory(known, String((json as { id?: unknown }).id));
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
 * Publishes a definition as a new immutable version: checked, stored, served, audited, in one
 * transaction that takes turns with every other publication (the number and the checks see every
 * version stored before). With `assignVersion` (the designer) the number is the previous one plus
 * one. `fromDraft` names the draft `json` was read from: it goes with the publication, which is
 * refused if the draft changed (or was published) since it was read.
 */
export async function publishDefinition(
  storage: Storage,
  registry: SurveyRegistry,
  json: Record<string, unknown>,
  username: string,
  options: { assignVersion: boolean; fromDraft?: string },
  now = new Date(),
): Promise<CheckResult> {
  const result = await storage.designer.publish((stored): DefinitionPlan<CheckResult> => {
    const known: Known = { ...stored, registry };
    const candidate = options.assignVersion ? { ...json, version: nextVersion(known, String(json.id)) } : json;
    const checked = checkDefinition(known, candidate);
    if (!checked.ok) return { store: false, result: checked };
    // Best–worst designs are written into the stored version: its sets never depend on the generator again.
    const survey = freezeDesigns(checked.survey);
    survey.file = `(versione ${survey.definition.version} pubblicata dal progettista il ${now.toISOString().slice(0, 10)})`;
    return {
      store: true,
      result: { ok: true, survey },
      version: { kind: "survey", survey },
      fromDraft:
        options.fromDraft === undefined
          ? undefined
          : {
              surveyId: options.fromDraft,
              json: JSON.stringify(json),
              otherwise: { ok: false, problems: [{ path: "", message: DRAFT_CHANGED }] },
            },
      audit: {
        username,
        action: "questionario.pubblicato",
        target: survey.definition.id,
        details: `versione ${survey.definition.version}`,
      },
    };
  }, now);
  // Served here once stored (a failed transaction leaves the registry as it was); the other nodes
  // read it from the database at their next check (src/web/common/published-versions.ts).
  if (result.ok) registry.add(result.survey);
  return result;
}
