import type { Question } from "../../surveys/schema.js";
import type { Storage } from "../../storage/types.js";
import type { Known } from "./known.service.js";
import { idProblem, saveIfClean, storeDraft, type Outcome, type StoredDraft } from "./designer.service.js";
import { allDraftQuestions, findQuestionAt } from "../../surveys/draft-survey.js";

/** The questions of a draft: written (new or changed), moved, deleted; each change stored and audited. */

/**
 * Stores `question` in place of `existing`, or at the end of page `pageIndex` when new. Saved only when
 * its id is free and the question itself has no problem (problems elsewhere in the draft don't block it).
 */
export async function saveQuestion(
  storage: Storage,
  known: Known,
  stored: StoredDraft,
  question: Question,
  place: { pageIndex: number; existing?: Question },
  username: string,
): Promise<Outcome> {
  const draft = structuredClone(stored.draft);
  const others = allDraftQuestions(draft).filter((q) => q.id !== place.existing?.id);
  const bad =
    idProblem(question.id, "della domanda") ??
    (others.some((q) => q.id === question.id)
      ? `C'è già una domanda con id «${question.id}»: ogni domanda ha un id diverso.`
      : null);
  if (bad) return { ok: false, problems: [{ path: "id", message: bad }] };
  let path: string;
  if (place.existing) {
    const at = findQuestionAt(draft, place.existing.id)!;
    draft.pages[at.page].questions[at.index] = question;
    path = at.path;
  } else {
    draft.pages[place.pageIndex].questions.push(question);
    path = `pages[${place.pageIndex}].questions[${draft.pages[place.pageIndex].questions.length - 1}]`;
  }
  const action = place.existing ? "progettazione.domanda.modificata" : "progettazione.domanda.aggiunta";
  return saveIfClean(storage, known, draft, path, username, action, question.id);
}

/** One step up or down; at the top or bottom of a page a question moves to the previous or next page. */
export async function moveQuestion(
  storage: Storage,
  stored: StoredDraft,
  questionId: string,
  up: boolean,
  username: string,
): Promise<void> {
  const draft = structuredClone(stored.draft);
  const at = findQuestionAt(draft, questionId)!;
  const list = draft.pages[at.page].questions;
  const [q] = list.splice(at.index, 1);
  if (up && at.index === 0 && at.page > 0) draft.pages[at.page - 1].questions.push(q);
  else if (!up && at.index === list.length && at.page < draft.pages.length - 1)
    draft.pages[at.page + 1].questions.unshift(q);
  else list.splice(Math.max(0, Math.min(list.length, at.index + (up ? -1 : 1))), 0, q);
  await storeDraft(storage, draft, username, "progettazione.domanda.spostata", `${q.id} ${up ? "su" : "giù"}`);
}

/** Deletes the question; returns the id of the page it was on. */
export async function removeQuestion(
  storage: Storage,
  stored: StoredDraft,
  questionId: string,
  username: string,
): Promise<string> {
  const draft = structuredClone(stored.draft);
  const at = findQuestionAt(draft, questionId)!;
  draft.pages[at.page].questions.splice(at.index, 1);
  await storeDraft(storage, draft, username, "progettazione.domanda.eliminata", questionId);
  return draft.pages[at.page].id;
}

/** The question's condition replaced by `next` (none when undefined), saved when the condition has no problem. */
export function setCondition(
  storage: Storage,
  known: Known,
  stored: StoredDraft,
  questionId: string,
  next: Question["showIf"],
  action: string,
  username: string,
): Promise<Outcome> {
  const draft = structuredClone(stored.draft);
  const at = findQuestionAt(draft, questionId)!;
  const changed = { ...at.question };
  if (next) changed.showIf = next;
  else delete changed.showIf;
  draft.pages[at.page].questions[at.index] = changed;
  return saveIfClean(
    storage,
    known,
    draft,
    `${at.path}.showIf`,
    username,
    "progettazione.condizione",
    `${questionId}: ${action || "add"}`,
  );
}
