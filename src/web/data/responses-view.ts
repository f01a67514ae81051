import { formatInteger } from "../../format/italian.js";
import type { SurveyDefinition } from "../../surveys/schema.js";
import { surveyTrail, type Crumb } from "../common/breadcrumb.js";
import type { FilterValues } from "./filters.js";

/** A stored response as the list needs it. */
export interface ResponseListed {
  id: string;
  submittedAt: string;
  /** The submission time as people read it (Rome). */
  when: string;
  channel: string;
  surveyVersion: number;
  synthetic: boolean;
}

export interface ResponsesInput {
  survey: SurveyDefinition;
  rows: readonly ResponseListed[];
  total: number;
  page: number;
  pages: number;
  values: FilterValues;
  errors: Record<string, string>;
  /** The filters as a query string («» without filters). */
  query: string;
  channels: Readonly<Record<string, string>>;
  synthetic: boolean;
  notice: string | null;
}

/** What views/admin/data-responses.ejs prints: the filter form, the count, a page of responses and the pager. */
export interface ResponsesPage {
  title: string;
  trail: Crumb[];
  action: string;
  exportHref: string;
  /** «1.234 risposte con questi filtri · pagina 2 di 25.» */
  status: string;
  caption: string;
  rows: { submittedAt: string; when: string; channel: string; version: number; kind: string; href: string }[];
  /** The pages' links, or null when one page holds them all; first and previous, next and last are null at the ends. */
  pager: {
    page: number;
    pages: number;
    first: string | null;
    prev: string | null;
    next: string | null;
    last: string | null;
  } | null;
  values: FilterValues;
  errors: Record<string, string>;
  channels: Readonly<Record<string, string>>;
  synthetic: boolean;
  notice: string | null;
}

export function responsesPage(input: ResponsesInput): ResponsesPage {
  const { survey, page, pages, query } = input;
  const base = `/admin/questionari/${survey.id}`;
  const link = (p: number): string => `${base}/risposte?${query ? `${query}&` : ""}pagina=${p}`;
  const paged = pages > 1 ? `pagina ${page} di ${pages}` : "";
  return {
    title: `Risposte · ${survey.title.it}`,
    trail: surveyTrail(survey, { href: `${base}/dati`, text: "Dati" }),
    action: `${base}/risposte`,
    exportHref: `${base}/esporta.csv${query ? `?${query}` : ""}`,
    status: `${formatInteger(input.total)} risposte${query ? " con questi filtri" : ""}${paged ? ` · ${paged}` : ""}.`,
    caption: `Risposte dalla più recente${paged ? `, ${paged}` : ""}`,
    rows: input.rows.map((r) => ({
      submittedAt: r.submittedAt,
      when: r.when,
      channel: input.channels[r.channel],
      version: r.surveyVersion,
      kind: r.synthetic ? "Dati simulati" : "Reale",
      href: `/admin/risposte/${r.id}`,
    })),
    pager:
      pages > 1
        ? {
            page,
            pages,
            first: page > 1 ? link(1) : null,
            prev: page > 1 ? link(page - 1) : null,
            next: page < pages ? link(page + 1) : null,
            last: page < pages ? link(pages) : null,
          }
        : null,
    values: input.values,
    errors: input.errors,
    channels: input.channels,
    synthetic: input.synthetic,
    notice: input.notice,
  };
}
