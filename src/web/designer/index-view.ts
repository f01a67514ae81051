import type { LoadedSurvey } from "../../surveys/loader.js";
import { formatRomeStamp } from "../common/rome-time.js";
import type { StoredDraft } from "./designer.service.js";
import type { ProblemLink } from "./support.js";

/** The new-survey form as typed and refused (its fields print values and errors by name). */
export interface NewSurveyForm {
  values: Record<string, string>;
  errors: Record<string, string>;
  problems: ProblemLink[];
}

/** What the designer's list of surveys knows (src/web/designer/designer.routes.ts). */
export interface DesignerIndexInput {
  /** The latest published version of every survey, in title order. */
  published: readonly LoadedSurvey[];
  drafts: readonly StoredDraft[];
  form: NewSurveyForm;
}

/** What the designer's list prints (views/admin/designer/index.ejs): every text ready. */
export interface DesignerIndexView extends NewSurveyForm {
  title: string;
  /** The title of the form's error summary («C'è un problema…», «Ci sono N problemi…»). */
  problemsTitle: string;
  surveys: {
    id: string;
    title: string;
    /** The published version, or «mai pubblicato». */
    version: string;
    /** «in corso, modificata da … il …» (Rome time), or «—» without a draft. */
    draftState: string;
    /** With a draft the row opens it; without one it offers the versions and «Modifica». */
    hasDraft: boolean;
    href: string;
    editAction: string;
  }[];
}

export function designerIndexView(input: DesignerIndexInput): DesignerIndexView {
  const drafts = new Map(input.drafts.map((d) => [d.surveyId, d]));
  const row = (id: string, title: string, version: number | null, draft: StoredDraft | undefined) => ({
    id,
    title,
    version: version === null ? "mai pubblicato" : String(version),
    draftState: draft ? `in corso, modificata da ${draft.updatedBy} il ${formatRomeStamp(draft.updatedAt)}` : "—",
    hasDraft: draft !== undefined,
    href: `/admin/designer/${id}`,
    editAction: `/admin/designer/${id}/modifica`,
  });
  const publishedIds = new Set(input.published.map((s) => s.definition.id));
  return {
    title: `${input.form.problems.length ? "Errore: " : ""}Progettazione dei questionari`,
    surveys: [
      ...input.published.map((s) =>
        row(s.definition.id, s.definition.title.it, s.definition.version, drafts.get(s.definition.id)),
      ),
      ...input.drafts
        .filter((d) => !publishedIds.has(d.surveyId))
        .map((d) => row(d.surveyId, d.draft.title.it, null, d)),
    ],
    problemsTitle:
      input.form.problems.length === 1
        ? "C'è un problema da correggere"
        : `Ci sono ${input.form.problems.length} problemi da correggere`,
    values: input.form.values,
    errors: input.form.errors,
    problems: input.form.problems,
  };
}
