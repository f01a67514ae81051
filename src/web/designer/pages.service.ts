import type { DefinitionProblem } from "../../surveys/checks.js";
import type { Storage } from "../../storage/types.js";
import type { Known } from "./known.service.js";
import { idProblem, saveIfClean, storeDraft, type Outcome, type StoredDraft } from "./designer.service.js";
import { moveItem } from "../../surveys/draft-survey.js";

/** The pages of a draft: added, changed, moved, deleted; each change stored and audited. */

/** The page form's fields, as typed (trimmed). */
export type PageFields = Record<"id" | "title.it" | "title.en" | "intro.it" | "intro.en" | "rowsPerPage", string>;

export async function addPage(
  storage: Storage,
  stored: StoredDraft,
  fields: PageFields,
  username: string,
): Promise<Outcome> {
  const problems: DefinitionProblem[] = [];
  const bad = idProblem(fields.id, "della pagina");
  if (bad) problems.push({ path: "id", message: bad });
  else if (stored.draft.pages.some((p) => p.id === fields.id))
    problems.push({ path: "id", message: `C'è già una pagina con id «${fields.id}».` });
  if (!fields["title.it"]) problems.push({ path: "title.it", message: "Scriva il titolo in italiano." });
  if (!fields["title.en"]) problems.push({ path: "title.en", message: "Scriva il titolo in inglese." });
  if (problems.length) return { ok: false, problems };
  const draft = structuredClone(stored.draft);
  draft.pages.push({ id: fields.id, title: { it: fields["title.it"], en: fields["title.en"] }, questions: [] });
  await storeDraft(storage, draft, username, "progettazione.pagina.aggiunta", fields.id);
  return { ok: true };
}

/** Titles, introduction and rows per page of page `at`; the problems come back relative to the page's form. */
export async function changePage(
  storage: Storage,
  known: Known,
  stored: StoredDraft,
  at: number,
  fields: PageFields,
  username: string,
): Promise<Outcome> {
  const draft = structuredClone(stored.draft);
  const page = draft.pages[at];
  page.title = { it: fields["title.it"], en: fields["title.en"] };
  if (fields["intro.it"] || fields["intro.en"]) page.intro = { it: fields["intro.it"], en: fields["intro.en"] };
  else delete page.intro;
  // Services a page for a page of grids "for each service used" (rowsPerPage); empty: one page, however many.
  const rows = fields.rowsPerPage;
  if (rows && !/^\d{1,2}$/.test(rows))
    return {
      ok: false,
      problems: [{ path: "rowsPerPage", message: "Scriva un numero intero da 1 a 50, oppure lasci vuoto." }],
    };
  if (rows) page.rowsPerPage = Number(rows);
  else delete page.rowsPerPage;
  const prefix = `pages[${at}]`;
  const own = (path: string): boolean =>
    ["title", "intro", "rowsPerPage"].some((key) => path.startsWith(`${prefix}.${key}`));
  const result = await saveIfClean(storage, known, draft, own, username, "progettazione.pagina.modificata", page.id);
  return result.ok
    ? result
    : { ok: false, problems: result.problems.map((p) => ({ ...p, path: p.path.slice(prefix.length + 1) })) };
}

export async function movePage(
  storage: Storage,
  stored: StoredDraft,
  at: number,
  direction: "up" | "down",
  username: string,
): Promise<void> {
  const draft = structuredClone(stored.draft);
  const id = draft.pages[at].id;
  if (moveItem(draft.pages, at, direction))
    await storeDraft(
      storage,
      draft,
      username,
      "progettazione.pagina.spostata",
      `${id} ${direction === "up" ? "su" : "giù"}`,
    );
}

export async function removePage(storage: Storage, stored: StoredDraft, at: number, username: string): Promise<void> {
  const draft = structuredClone(stored.draft);
  const [removed] = draft.pages.splice(at, 1);
  await storeDraft(
    storage,
    draft,
    username,
    "progettazione.pagina.eliminata",
    `${removed.id} (${removed.questions.length} domande)`,
  );
}
