import type { Db } from "../../db/client.js";
import type { DefinitionProblem } from "../../surveys/checks.js";
import type { SurveyRegistry } from "../../surveys/registry.js";
import { ID_PATTERN, RESERVED_IDS, type Text } from "../../surveys/schema.js";
import { audit } from "../../audit/audit.service.js";
import { newDraft, type DraftSurvey } from "./draft-survey.js";
import { checkDefinition, nextVersion, publishDefinition, publishedHistory } from "./publish.service.js";
import { deleteSurveyDraft, findSurveyDraft, saveSurveyDraft, type StoredDraft } from "./survey-drafts.repository.js";

/** Words of the designer's own URLs, which a survey id would shadow. */
const DESIGNER_WORDS = new Set(["carica", "nuovo", "importa"]);
const PLACEHOLDER = "zzz_pagina_vuota_";

export const isDesignerWord = (id: string): boolean => DESIGNER_WORDS.has(id);

export type Outcome = { ok: true } | { ok: false; problems: DefinitionProblem[] };

/**
 * Every problem of a draft as publishing would find it. An empty page is allowed while
 * designing: it gets a stand-in question for the check and a problem of its own.
 */
export function draftProblems(db: Db, registry: SurveyRegistry, draft: DraftSurvey): DefinitionProblem[] {
  const probe = {
    ...draft,
    version: nextVersion(db, registry, draft.id),
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
  const checked = checkDefinition(db, registry, probe);
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

export function createSurveyDraft(
  db: Db,
  registry: SurveyRegistry,
  id: string,
  title: Text,
  username: string,
): Outcome {
  const problems: DefinitionProblem[] = [];
  const bad =
    idProblem(id, "del questionario") ??
    (DESIGNER_WORDS.has(id) ? `«${id}» è una parola riservata: scelga un altro id.` : null);
  if (bad) problems.push({ path: "id", message: bad });
  else if (publishedHistory(db, registry, id).length || registry.current(id) || findSurveyDraft(db, id)) {
    problems.push({
      path: "id",
      message: `Esiste già un questionario con id «${id}»: per cambiarlo usi «Modifica» nell'elenco.`,
    });
  }
  if (!title.it.trim()) problems.push({ path: "title.it", message: "Scriva il titolo in italiano." });
  if (!title.en.trim()) problems.push({ path: "title.en", message: "Scriva il titolo in inglese." });
  if (problems.length) return { ok: false, problems };
  storeDraft(
    db,
    newDraft(id, { it: title.it.trim(), en: title.en.trim() }, 1),
    username,
    "progettazione.creato",
    "nuovo questionario",
  );
  return { ok: true };
}

/** "Modifica" on a published survey: a draft with the content of its latest version. */
export function draftFromPublished(db: Db, registry: SurveyRegistry, surveyId: string, username: string): boolean {
  if (findSurveyDraft(db, surveyId)) return true;
  const history = publishedHistory(db, registry, surveyId);
  const latest = history[history.length - 1] ?? registry.current(surveyId)?.definition;
  if (!latest) return false;
  const draft = structuredClone(latest) as DraftSurvey;
  draft.version = nextVersion(db, registry, surveyId);
  storeDraft(db, draft, username, "progettazione.bozza_da_pubblicato", `dalla versione ${latest.version}`);
  return true;
}

/** Saves a changed draft and records who changed what. */
export function storeDraft(db: Db, draft: DraftSurvey, username: string, action: string, details: string): void {
  db.transaction((tx) => {
    saveSurveyDraft(tx, draft, username);
    audit(tx, { username, action, target: draft.id, details });
  });
}

/**
 * Saves the draft only if the part just edited (under `prefix`) has no problems of its own;
 * problems elsewhere (another question, an empty page) don't block this change.
 */
export function saveIfClean(
  db: Db,
  registry: SurveyRegistry,
  draft: DraftSurvey,
  prefix: string | ((path: string) => boolean),
  username: string,
  action: string,
  details: string,
): Outcome {
  const all = draftProblems(db, registry, draft);
  const own = typeof prefix === "string" ? problemsUnder(all, prefix) : all.filter((p) => prefix(p.path));
  if (own.length) return { ok: false, problems: own };
  storeDraft(db, draft, username, action, details);
  return { ok: true };
}

export { findSurveyDraft, listSurveyDrafts, type StoredDraft } from "./survey-drafts.repository.js";
export { listSurveyVersions } from "./versions.repository.js";

/** Throws the draft away (the published versions stay). */
export function discardDraft(db: Db, surveyId: string, username: string): void {
  db.transaction((tx) => {
    deleteSurveyDraft(tx, surveyId);
    audit(tx, { username, action: "progettazione.bozza_scartata", target: surveyId });
  });
}

/** Publishes the draft as the survey's next version; the draft goes in the same transaction. */
export function publishDraft(
  db: Db,
  registry: SurveyRegistry,
  stored: StoredDraft,
  username: string,
): ReturnType<typeof publishDefinition> {
  const empty = draftProblems(db, registry, stored.draft);
  if (empty.length) return { ok: false, problems: empty };
  return publishDefinition(db, registry, stored.draft, username, {
    assignVersion: true,
    onStored: (tx) => deleteSurveyDraft(tx, stored.surveyId),
  });
}
