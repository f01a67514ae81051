import type { Report } from "./contract.js";

export type ReportSectionId = "sintesi" | "avvertenze" | "perche" | "certezza" | "personale" | "campione" | "metodo";

/** One section of the report as the pages and the offline file print it. */
export interface ReportSection {
  /** The anchor of the section (`#perche`) and of its heading (`#perche-t`): links from outside rely on it. */
  id: ReportSectionId;
  title: string;
  /** Its partial under views/report/, which prints what comes under the heading. */
  template: string;
  /** Printed also when the view has too few responses to publish figures (tooFew). */
  whenTooFew: boolean;
}

/**
 * The sections in the order a decision-maker asks: the answer, why these, how sure, staff, the sample,
 * how. The page, its index and the offline file all read this one list; "sintesi" heads the page on
 * its own (it is the answer) and is neither in the index nor in the body.
 */
export const REPORT_SECTIONS: readonly ReportSection[] = [
  { id: "sintesi", title: "La risposta in breve", template: "summary", whenTooFew: true },
  { id: "avvertenze", title: "Avvertenze", template: "warnings", whenTooFew: true },
  { id: "perche", title: "Perché questi servizi", template: "perche", whenTooFew: false },
  { id: "certezza", title: "Quanto siamo sicuri", template: "certezza", whenTooFew: false },
  { id: "personale", title: "Il personale e la formazione", template: "cards", whenTooFew: false },
  { id: "campione", title: "Il campione", template: "staff-sample", whenTooFew: false },
  { id: "metodo", title: "Metodo", template: "methods", whenTooFew: true },
];

/** The sections printed under the answer, in order: all of them, or only those that hold without figures. */
export function bodySections(report: Pick<Report, "responses">): ReportSection[] {
  return REPORT_SECTIONS.filter((s) => s.id !== "sintesi" && (s.whenTooFew || !report.responses.tooFew));
}
