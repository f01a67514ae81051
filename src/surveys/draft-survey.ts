import type { Page, Question, SurveyDefinition } from "./schema.js";

/**
 * A survey being designed: the definition format of surveys/*.json, except that a page may
 * still be empty (a page is added before its questions). Everything else is kept valid by
 * the forms, which refuse a question, a page or settings with problems of their own.
 */
export type DraftPage = Omit<Page, "questions"> & { questions: Question[] };
export type DraftSurvey = Omit<SurveyDefinition, "pages"> & { pages: DraftPage[] };

/** Where a question sits in the draft, and its JSON path there. */
export interface QuestionAt {
  page: number;
  index: number;
  question: Question;
  path: string;
}

export function findQuestionAt(draft: DraftSurvey, id: string): QuestionAt | undefined {
  for (let p = 0; p < draft.pages.length; p++) {
    const index = draft.pages[p].questions.findIndex((q) => q.id === id);
    if (index >= 0)
      return { page: p, index, question: draft.pages[p].questions[index], path: `pages[${p}].questions[${index}]` };
  }
  return undefined;
}

export function allDraftQuestions(draft: DraftSurvey): Question[] {
  return draft.pages.flatMap((p) => p.questions);
}

/** Questions before the given one, in the order respondents meet them (what a condition may use). */
export function questionsBefore(draft: DraftSurvey, id: string): Question[] {
  const all = allDraftQuestions(draft);
  const at = all.findIndex((q) => q.id === id);
  return at < 0 ? all : all.slice(0, at);
}

/** A fresh survey: one empty page, open when published, answers in Italian and English. */
export function newDraft(id: string, title: { it: string; en: string }, version: number): DraftSurvey {
  return {
    kind: "survey",
    id,
    version,
    status: "open",
    title,
    access: "public",
    draftDays: 30,
    privacy: {
      it: "Il Comune tratta le risposte in forma anonima, solo per organizzare i propri servizi.\n\nPer informazioni può rivolgersi all'Ufficio Relazioni con il Pubblico.",
      en: "The comune processes the answers anonymously, only to organise its services.\n\nFor information you can contact the Public Relations Office.",
    },
    pages: [{ id: "pagina_1", title: { it: "Pagina 1", en: "Page 1" }, questions: [] }],
  };
}

/** The published form of a draft: what the download gives and what is checked. */
export function toDefinitionJson(draft: DraftSurvey): Record<string, unknown> {
  return { ...draft };
}

/** Moves an item of a list one place up or down; a no-op at either end. */
export function moveItem<T>(list: T[], index: number, direction: "up" | "down"): boolean {
  const to = direction === "up" ? index - 1 : index + 1;
  if (index < 0 || to < 0 || to >= list.length) return false;
  [list[index], list[to]] = [list[to], list[index]];
  return true;
}
