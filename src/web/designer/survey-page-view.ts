import type { DefinitionProblem } from "../../surveys/checks.js";
import type { Catalogue, Condition, QuestionType, SurveyDefinition } from "../../surveys/schema.js";
import { describeCondition, labeller } from "./condition-form.js";
import type { StoredDraft } from "./designer.service.js";
import { draftOutline, type OutlinePage } from "./outline-view.js";
import { problemLinks, type ProblemLink } from "./support.js";
import { formatRomeStamp } from "../common/rome-time.js";

/** What the designer's overview of a survey knows (src/web/designer/designer.routes.ts). */
export interface SurveyPageInput {
  surveyId: string;
  stored: StoredDraft | undefined;
  /** The published version in use, if any. */
  current: SurveyDefinition | undefined;
  versions: readonly { version: number; publishedAt: string }[];
  /** What the checks find in the draft (none without a draft). */
  problems: DefinitionProblem[];
  types: readonly { type: QuestionType; label: string }[];
  /** The service catalogue the draft's choices may come from, to name them in its conditions. */
  catalogue: Catalogue | undefined;
  /** The page was reached after uploading a definition into the draft. */
  uploaded: boolean;
  /** The version just published, as the redirect named it. */
  published: string | null;
}

/** What the designer's overview prints (views/admin/designer/survey.ejs): every text ready. */
export interface SurveyPageView {
  title: string;
  heading: string;
  surveyId: string;
  notice: string | null;
  currentVersion: number | null;
  /** The draft in progress, or null: then the page offers to open one from the published version. */
  draft: {
    version: number;
    updatedBy: string;
    /** When it was last changed, Rome time («3/2/2026, 10:15:00»). */
    updatedAt: string;
    problems: ProblemLink[];
    problemsTitle: string;
    outline: OutlinePage[];
    types: readonly { type: QuestionType; label: string }[];
  } | null;
  versions: { version: number; publishedOn: string }[];
}

const ROME = { timeZone: "Europe/Rome" } as const;

export function surveyPageView(input: SurveyPageInput): SurveyPageView {
  const { stored, current } = input;
  const draft = stored?.draft;
  const name = draft ? draft.title.it : current ? current.title.it : input.surveyId;
  const problems = draft ? problemLinks(input.problems, draft) : [];
  return {
    title: `Progettazione: ${name}`,
    heading: name,
    surveyId: input.surveyId,
    notice: input.uploaded
      ? "Definizione caricata nella bozza."
      : input.published !== null
        ? `Versione ${input.published} pubblicata.`
        : null,
    currentVersion: current ? current.version : null,
    draft:
      stored && draft
        ? {
            version: draft.version,
            updatedBy: stored.updatedBy,
            updatedAt: formatRomeStamp(stored.updatedAt),
            problems,
            problemsTitle:
              problems.length === 1
                ? "Prima di pubblicare resta un problema"
                : `Prima di pubblicare restano ${problems.length} problemi`,
            outline: draftOutline(draft, input.types, (c: Condition) =>
              describeCondition(c, labeller(draft, input.catalogue)),
            ),
            types: input.types,
          }
        : null,
    versions: input.versions.map((v) => ({
      version: v.version,
      publishedOn: new Date(v.publishedAt).toLocaleDateString("it-IT", ROME),
    })),
  };
}
