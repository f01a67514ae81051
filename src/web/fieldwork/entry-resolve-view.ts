import { differingQuestions } from "../../surveys/entry.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import type { Answers } from "../../surveys/options.js";
import type { Crumb } from "../common/breadcrumb.js";
import type { SummaryItem } from "../common/error-summary.js";
import { differencesView, resolveSummary } from "./entry-view.js";

/** What the differences page knows (src/web/fieldwork/entry.routes.ts): the two typings and the choices made. */
export interface ResolveInput {
  survey: LoadedSurvey;
  /** The pending entry: who typed it first and when (already in Rome time), who typed it again. */
  entry: { id: string; by: string; at: string; secondBy: string | null };
  first: Answers;
  second: Answers;
  /** Each question left undecided, by question id. */
  errors: Readonly<Record<string, string>>;
  /** The rules the choices made together break. */
  problems: readonly string[];
  /** The form as sent back, or null for a fresh page. */
  chosen: Readonly<Record<string, unknown>> | null;
  notice: string | null;
}

/** One of the two typings of a question, as a radio button. */
export interface ResolveChoice {
  id: string;
  text: string;
  checked: boolean;
}

/** What the differences page prints (views/admin/entry-resolve.ejs): every text and flag ready. */
export interface ResolveView {
  title: string;
  trail: Crumb[];
  trailNote: string;
  notice: string | null;
  summary: SummaryItem[];
  firstBy: string;
  firstAt: string;
  secondBy: string;
  /** «una domanda» or «N domande». */
  count: string;
  action: string;
  rows: {
    /** The row heading's id, which both radio buttons point to. */
    headingId: string;
    /** «7. Quanti uffici ha dovuto contattare?» */
    heading: string;
    error: { id: string; text: string } | null;
    name: string;
    first: ResolveChoice;
    second: ResolveChoice;
  }[];
  back: string;
}

export function resolveView(input: ResolveInput): ResolveView {
  const { survey, entry, errors, problems, chosen } = input;
  const definition = survey.definition;
  const base = `/admin/questionari/${definition.id}/inserimento`;
  const differences = differencesView(
    survey,
    differingQuestions(survey, input.first, input.second),
    input.first,
    input.second,
  );
  const summary = resolveSummary(differences, errors, problems);
  return {
    title: `${problems.length || Object.keys(errors).length ? "Errore: " : ""}Differenze tra le due digitazioni · ${definition.title.it}`,
    trail: [{ href: `/admin/questionari/${definition.id}`, text: definition.title.it }],
    trailNote: `versione ${definition.version}`,
    notice: input.notice,
    summary,
    firstBy: entry.by,
    firstAt: entry.at,
    secondBy: entry.secondBy ?? "",
    count: differences.length === 1 ? "una domanda" : `${differences.length} domande`,
    action: `${base}/${entry.id}/risolvi`,
    rows: differences.map((d) => {
      const id = d.question.id;
      const name = `scelta_${id}`;
      const picked = chosen ? chosen[name] : undefined;
      const error = errors[id];
      return {
        headingId: `d-${id}`,
        heading: `${d.number}. ${d.question.label.it}`,
        error: error ? { id: `e-scelta-${id}`, text: error } : null,
        name,
        first: { id: `f-scelta-${id}`, text: d.first, checked: picked === "prima" },
        second: { id: `f-scelta-${id}-seconda`, text: d.second, checked: picked === "seconda" },
      };
    }),
    back: base,
  };
}
