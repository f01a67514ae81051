import type { Condition, Question, QuestionType } from "../../surveys/schema.js";
import type { DraftSurvey } from "../../surveys/draft-survey.js";

/** A move a page or a question can make, as its button says it. */
export interface MoveButton {
  direction: "su" | "giu";
  label: string;
}

/** The draft's pages and questions as the designer's overview prints them (views/admin/designer/survey.ejs). */
export interface OutlinePage {
  id: string;
  number: number;
  title: string;
  moves: MoveButton[];
  /** «Elimina la pagina … e le sue 3 domande»: what deleting it takes away. */
  deleteNote: string;
  questions: {
    id: string;
    label: string;
    /** «eta · Scelta singola · obbligatoria». */
    meta: string;
    /** «Mostrata solo se …», or null when always shown. */
    condition: string | null;
    moves: MoveButton[];
  }[];
}

const moves = (up: boolean, down: boolean, words: [string, string]): MoveButton[] => [
  ...(up ? [{ direction: "su" as const, label: words[0] }] : []),
  ...(down ? [{ direction: "giu" as const, label: words[1] }] : []),
];

/** The outline of a draft: each page with its moves, each question with its type, condition and moves. */
export function draftOutline(
  draft: DraftSurvey,
  typeLabels: readonly { type: QuestionType; label: string }[],
  describe: (condition: Condition) => string,
): OutlinePage[] {
  const names = new Map(typeLabels.map((t) => [t.type, t.label]));
  const lastPage = draft.pages.length - 1;
  return draft.pages.map((page, p) => ({
    id: page.id,
    number: p + 1,
    title: page.title.it,
    moves: moves(p > 0, p < lastPage, ["Sposta su", "Sposta giù"]),
    deleteNote: page.questions.length ? ` e le sue ${page.questions.length} domande` : "",
    questions: page.questions.map((q: Question, i) => ({
      id: q.id,
      label: q.label.it,
      meta: `${q.id} · ${names.get(q.type) ?? ""}${q.required ? " · obbligatoria" : ""}`,
      condition: q.showIf ? describe(q.showIf) : null,
      moves: moves(!(p === 0 && i === 0), !(p === lastPage && i === page.questions.length - 1), ["Su", "Giù"]),
    })),
  }));
}
