import type { Publisher } from "../../interchange/publisher.js";
import type { SurveyDefinition } from "../../surveys/schema.js";
import { formatRomeStamp } from "../common/rome-time.js";

/** What the open-data page knows (src/web/report/publication.routes.ts). */
export interface PublicationInput {
  survey: SurveyDefinition;
  /** The report as last published, or null before publication (or after a withdrawal). */
  publication: { publishedAt: string; publishedBy: string; generatedAt: string } | null;
  publisher: Publisher;
  /** The public address of the survey's open data and of the catalogue, on this server's origin. */
  base: string;
  catalogue: string;
  minCellText: string;
  /** Why the last request was refused, or null. */
  problem: string | null;
}

/** What the open-data page prints (views/report/publication.ejs): every text ready. */
export interface PublicationPage {
  title: string;
  backLink: { href: string; text: string };
  minCellText: string;
  problem: string | null;
  publisher: { name: string; ipaCode: string };
  /** Whether the open data are public now: then their addresses and the withdrawal are shown. */
  published: boolean;
  /** «Pubblicati il … da … (rapporto dei dati al …)», Rome time, or «Non pubblicati». */
  status: string;
  base: string;
  catalogue: string;
  action: string;
  publishLabel: string;
}

export function publicationPage(input: PublicationInput): PublicationPage {
  const { survey, publication } = input;
  return {
    // «Errore: » first, so a screen reader hears at once that nothing changed.
    title: `${input.problem ? "Errore: " : ""}Dati aperti · ${survey.title.it}`,
    backLink: { href: `/reports/${survey.id}`, text: "Rapporto" },
    minCellText: input.minCellText,
    problem: input.problem,
    publisher: { name: input.publisher.name, ipaCode: input.publisher.ipaCode || "non indicato" },
    published: publication !== null,
    status: publication
      ? `Pubblicati il ${formatRomeStamp(publication.publishedAt)} da ${publication.publishedBy} (rapporto dei dati al ${formatRomeStamp(publication.generatedAt)})`
      : "Non pubblicati",
    base: input.base,
    catalogue: input.catalogue,
    action: `/reports/${survey.id}/pubblicazione`,
    publishLabel: publication ? "Pubblica di nuovo con i dati di oggi" : "Segna il rapporto come pubblicato",
  };
}
