import type { DefinitionProblem } from "../../surveys/checks.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { ID_PATTERN, RESERVED_IDS, type Text } from "../../surveys/schema.js";
import type { Storage } from "../../storage/types.js";
import type { StoredDraft } from "../../admin/survey-drafts.js";
import type { StoredSurveyVersion } from "../../admin/survey-versions.js";
import { newDraft, type DraftSurvey } from "../../surveys/draft-survey.js";
import { checkDefinition, nextVersion, publishDefinition, publishedHistory } from "./publish.service.js";
import { readKnown, type Known } from "./known.service.js";

export type { StoredDraft } from "../../admin/survey-drafts.js";

/** Words of the designer's own URLs, which a survey id would shadow. */
const DESIGNER_WORDS = new Set(["carica", "nuovo", "importa"]);
const PLACEHOLDER = "zzz_pagina_vuota_";

export const isDesignerWord = (id: string): boolean => DESIGNER_WORDS.has(id);

export type Outcome = { ok: true } | { ok: false; problems: DefinitionProblem[] };

/**
 * Every problem of a draft as publishing would find it. An empty page is allowed while
 * designing: it gets a stand-in question for the check and a problem of its own.
 */
export function draftProblems(known: Known, draft: DraftSurvey): DefinitionProblem[] {
  const probe = {
    ...draft,
    version: nextVersion(known, draft.id),
    pages: draft.pages.map((page, p) =>
      page.questions.length
        ? page
        : { ...page, questions: [{ id: `${PLACEHOLDER}${p}`, type: "rating", label: { it: "-", en: "-" } }] },
    ),
  };
  const empty = draft.pages.flatMap((page, p) =>
    page.questions.length
      ? []
      : [
          {
            path: `pages[${p}].questions`,
            message: `la pagina «${page.title.it}» non ha ancora domande: ne aggiunga almeno una, oppure la elimini.`,
          },
        ],
  );
  const checked = checkDefinition(known, probe);
  return [...empty, ...(checked.ok ? [] : checked.problems)];
}

/** The problems under one JSON path, with paths made relative to it ("" for the item itself). */
export function problemsUnder(problems: DefinitionProblem[], prefix: string): DefinitionProblem[] {
  return problems
    .filter((p) => p.path === prefix || p.path.startsWith(`${prefix}.`) || p.path.startsWith(`${prefix}[`))
    .map((p) => ({ path: p.path.slice(prefix.length).replace(/^\./, ""), message: p.message }));
}

export function idProblem(id: string, what: string): string | null {
  if (!ID_PATTERN.test(id))
    return `L'id ${what} usa solo lettere minuscole senza accenti, cifre e _ e inizia con una lettera (ad esempio «eta» o «servizi_usati»).`;
  if (RESERVED_IDS.has(id) || id.startsWith(PLACEHOLDER)) return `«${id}» è una parola riservata: scelga un altro id.`;
  return null;
}

/** Whether the id is taken: by a published version (stored or from a file) or by a draft. */
export async function idTaken(storage: Storage, known: Known, id: string): Promise<boolean> {
  return (
    publishedHistory(known, id).length > 0 ||
    known.registry.current(id) !== undefined ||
    (await storage.designer.findDraft(id)) !== undefined
  );
}

export async function createSurveyDraft(
  storage: Storage,
  registry: SurveyRegistry,
  id: string,
  title: Text,
  username: string,
): Promise<Outcome> {
  const problems: DefinitionProblem[] = [];
  const bad =
    idProblem(id, "del questionario") ??
    (DESIGNER_WORDS.has(id) ? `«${id}» è una parola riservata: scelga un altro id.` : null);
  if (bad) problems.push({ path: "id", message: bad });
  else if (await idTaken(storage, await readKnown(storage, registry), id)) {
    problems.push({
      path: "id",
      message: `Esiste già un questionario con id «${id}»: per cambiarlo usi «Modifica» nell'elenco.`,
    });
  }
  if (!title.it.trim()) problems.push({ path: "title.it", message: "Scriva il titolo in italiano." });
  if (!title.en.trim()) problems.push({ path: "title.en", message: "Scriva il titolo in inglese." });
  if (problems.length) return { ok: false, problems };
  await storeDraft(
    storage,
    newDraft(id, { it: title.it.trim(), en: title.en.trim() }, 1),
    username,
    "progettazione.creato",
    "nuovo questionario",
  );
  return { ok: true };
}

/** "Modifica" on a published survey: a draft with the content of its latest version. */
export async function draftFromPublished(
  storage: Storage,
  registry: SurveyRegistry,
  surveyId: string,
  username: string,
): Promise<boolean> {
  if (await storage.designer.findDraft(surveyId)) return true;
  const known = await readKnown(storage, registry);
  const history = publishedHistory(known, surveyId);
  const latest = history[history.length - 1] ?? registry.current(surveyId)?.definition;
  if (!latest) return false;
  const draft = structuredClone(latest) as DraftSurvey;
  draft.version = nextVersion(known, surveyId);
  await storeDraft(storage, draft, username, "progettazione.bozza_da_pubblicato", `dalla versione ${latest.version}`);
  return true;
}

/** Saves a changed draft and records who changed what (one transaction). */
export function storeDraft(
  storage: Storage,
  draft: DraftSurvey,
  username: string,
  action: string,
  details: string,
): Promise<void> {
  return storage.designer.saveDraft(draft, username, { username, action, target: draft.id, details });
}

/**
 * Saves the draft only if the part just edited (under `prefix`) has no problems of its own;
 * problems elsewhere (another question, an empty page) don't block this change.
 */
export async function saveIfClean(
  storage: Storage,
  known: Known,
  draft: DraftSurvey,
  prefix: string | ((path: string) => boolean),
  username: string,
  action: string,
  details: string,
): Promise<Outcome> {
  const all = draftProblems(known, draft);
  const own = typeof prefix === "string" ? problemsUnder(all, prefix) : all.filter((p) => prefix(p.path));
  if (own.length) return { ok: false, problems: own };
  await storeDraft(storage, draft, username, action, details);
  return { ok: true };
}

export const findSurveyDraft = (storage: Storage, surveyId: string): Promise<StoredDraft | undefined> =>
  storage.designer.findDraft(surveyId);

export const listSurveyDrafts = (storage: Storage): Promise<StoredDraft[]> => storage.designer.listDrafts();

/** The stored versions of one survey, oldest first. */
export const surveyVersions = (known: Known, surveyId: string): StoredSurveyVersion[] =>
  known.surveys.filter((v) => v.definition.id === surveyId);

/** Throws the draft away (the published versions stay). */
export function discardDraft(storage: Storage, surveyId: string, username: string): Promise<void> {
  return storage.designer.deleteDraft(surveyId, { username, action: "progettazione.bozza_scartata", target: surveyId });
}

/** Publishes the draft as the survey's next version; the draft goes in the same transaction. */
export async function publishDraft(
  storage: Storage,
  registry: SurveyRegistry,
  stored: StoredDraft,
  username: string,
): ReturnType<typeof publishDefinition> {
  const empty = draftProblems(await readKnown(storage, registry), stored.draft);
  if (empty.length) return { ok: false, problems: empty };
  return publishDefinition(storage, registry, stored.draft, username, {
    assignVersion: true,
    fromDraft: stored.surveyId,
  });
}
