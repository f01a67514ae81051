import type { FieldError } from "../../surveys/answers.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { Lang } from "../../surveys/messages.js";
import type { Crumb } from "../common/breadcrumb.js";
import { answerErrorLinks, type SummaryItem } from "../common/error-summary.js";
import type { QuestionView } from "../respondent/page-view.js";
import { entryQuestions } from "./entry-view.js";

/** A first typing waiting for its second, as the entry page lists it. */
export interface PendingTyping {
  id: string;
  by: string;
  at: string;
  /** Whether the second typing is in and differs: the differences wait to be resolved. */
  second: boolean;
}

/** What the paper entry form knows (src/web/fieldwork/entry.routes.ts). */
export interface EntryFormInput {
  survey: LoadedSurvey;
  errors: FieldError[];
  /** The first typing this form types again (the second typing), or null for a new paper form. */
  entry: { id: string; by: string; at: string } | null;
  /** The form as sent back, or nothing for an empty form. */
  values: Record<string, unknown>;
  designVersion: number;
  formLang: Lang;
  double: boolean;
  notice: string | null;
  sameOperator: boolean;
  confirmError: string | null;
  pending: PendingTyping[];
}

/** What the paper entry form prints (views/admin/entry.ejs): every text and option ready. */
export interface EntryView {
  title: string;
  heading: string;
  trail: Crumb[];
  trailNote: string;
  notice: string | null;
  /** The second typing was opened by whoever did the first. */
  sameOperator: boolean;
  errorTitle: string;
  errorItems: SummaryItem[];
  entry: { by: string; at: string } | null;
  paperHref: string;
  /** The design versions printed on the paper forms of a best–worst question, the one shown selected; empty without one. */
  versionOptions: { value: number; selected: boolean }[];
  action: string;
  questions: QuestionView[];
  values: Record<string, unknown>;
  langOptions: { value: Lang; label: string; selected: boolean }[];
  /** The «doppio inserimento» box of a new form, ticked or not; null on a second typing. */
  double: { checked: boolean } | null;
  submitLabel: string;
  /** The form that deletes the first typing, on a second typing only. */
  discard: { action: string; confirmError: string | null } | null;
  pending: { at: string; by: string; status: string; href: string; link: string; position: number }[];
}

const NEW_FORM = "Inserimento dei questionari cartacei";

export function entryFormView(input: EntryFormInput): EntryView {
  const { survey, errors, entry } = input;
  const definition = survey.definition;
  const base = `/admin/questionari/${definition.id}/inserimento`;
  const action = entry ? `${base}/${entry.id}` : base;
  const questions = entryQuestions(survey, errors, "it", input.designVersion, input.values);
  const designVersions = Math.max(0, ...questions.map((qv) => qv.maxdiff?.versions ?? 0));
  // A form sent back keeps the version it was typed with (entryQuestions); the picker says the same.
  const shownVersion = questions.find((qv) => qv.maxdiff)?.maxdiff?.version ?? input.designVersion;
  const count = errors.length;
  return {
    title: `${count ? "Errore: " : ""}${entry ? "Seconda digitazione" : NEW_FORM} · ${definition.title.it}`,
    heading: entry ? "Seconda digitazione di un modulo cartaceo" : NEW_FORM,
    trail: [{ href: `/admin/questionari/${definition.id}`, text: definition.title.it }],
    trailNote: `versione ${definition.version}`,
    notice: input.notice,
    sameOperator: input.sameOperator,
    errorTitle: `${count === 1 ? "C'è una risposta" : `Ci sono ${count} risposte`} da correggere: il questionario non è stato registrato`,
    errorItems: answerErrorLinks(errors, questions, (text) => text.it),
    entry: entry && { by: entry.by, at: entry.at },
    paperHref: `/admin/questionari/${definition.id}/carta`,
    versionOptions: Array.from({ length: designVersions }, (_, i) => ({
      value: i + 1,
      selected: i + 1 === shownVersion,
    })),
    action,
    questions,
    values: input.values,
    langOptions: [
      { value: "it", label: "Italiano", selected: input.formLang === "it" },
      { value: "en", label: "English", selected: input.formLang === "en" },
    ],
    double: entry ? null : { checked: input.double },
    submitLabel: entry ? "Confronta e registra" : "Registra il questionario",
    discard: entry ? { action: `${action}/elimina`, confirmError: input.confirmError } : null,
    // The list of first typings is the new form's; a second typing shows its own discard form instead.
    pending: entry
      ? []
      : input.pending.map((p, i) => ({
          at: p.at,
          by: p.by,
          status: p.second ? "Differenze da risolvere" : "In attesa",
          href: `${base}/${p.id}`,
          link: p.second ? "Risolvi le differenze" : "Seconda digitazione",
          position: i + 1,
        })),
  };
}
