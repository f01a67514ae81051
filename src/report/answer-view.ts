import type { Report } from "./contract.js";
import { certaintyShort, excludedThatWouldRank, exclusionReason, warningsOf, wouldBe } from "./answer.js";
import { REPORT_SECTIONS } from "./sections.js";
import type { Helpers } from "./view.js";
import { weightingWords } from "./weighting-words.js";

/** One warning of the one-line list, with the separator that follows it («» after the last). */
export interface AnswerWarning {
  key: string;
  text: string;
  separator: string;
}

/** A service of the recommended desk, as its list item prints it. */
export interface AnswerTopService {
  service: string;
  name: string;
  level: string;
  /** «quasi certo: tra i primi 5 nel 93% delle repliche», or the words alone when not computed. */
  certainty: string;
  /** The staff has not assessed its feasibility yet. */
  unassessed: boolean;
}

/** An excluded service that would be in the desk, with its position and reason. */
export interface AnswerWouldRank {
  service: string;
  name: string;
  /** «sarebbe 3°; per il personale serve uno specialista». */
  reason: string;
}

/** The excluded column: the services that would rank, or a sentence about the others, or that none is out. */
export type AnswerExcluded =
  | { kind: "would-rank"; heading: string; items: AnswerWouldRank[]; thresholdNote: string; moreLink: string }
  | { kind: "others"; heading: string; note: string; moreLink: string }
  | { kind: "none"; heading: string; note: string };

/** What views/report/summary.ejs prints: the answer on one screen, every text ready. */
export interface AnswerSummary {
  id: string;
  title: string;
  warnings: AnswerWarning[];
  /** Some warning is serious (the line is shown in red). */
  warningsDanger: boolean;
  state: "too-few" | "withheld" | "ranked";
  withheldReason: string;
  deskHeading: string;
  top: AnswerTopService[];
  excluded: AnswerExcluded;
  /** The sample in one sentence, as HTML (its counts carry data-count or the withheld marker). */
  sampleHtml: string;
}

/** «Risposte di 400 cittadini (di 420 raccolti) e 40 dipendenti, ponderate per …; dati al …». */
function sampleSentence(report: Report, h: Helpers): string {
  const r = report.responses;
  const collected = r.used !== r.total ? ` (di ${h.count(r.total)} raccolti)` : "";
  const weighting =
    report.weighting.method === "raking"
      ? `, ponderate per ${h.esc(weightingWords(report, h).variables)} (valgono come ${h.count(Math.round(r.effectiveN ?? report.weighting.effectiveN ?? 0))} persone estratte a caso)`
      : ", non ponderate";
  return `Risposte di ${h.answers(r.used, "cittadini")}${collected} e ${h.answers(r.staff, "dipendenti")}${weighting}; dati al ${h.esc(h.when(report.generatedAt))}.`;
}

function excludedColumn(report: Report, h: Helpers, k: number): AnswerExcluded {
  const wouldRank = report.responses.tooFew ? [] : excludedThatWouldRank(report);
  const count = h.int(report.excluded.length);
  if (wouldRank.length)
    return {
      kind: "would-rank",
      heading: `Esclusi perché serve uno specialista, ma sarebbero tra i primi ${k}`,
      items: wouldRank.map((w) => ({
        service: w.ranked.service,
        name: h.service(w.ranked.service),
        reason: `${wouldBe(w.position)}; ${exclusionReason(w.ranked)}`,
      })),
      thresholdNote: `Soglia: un operatore formato basta, almeno per ricevere la domanda, per il ${h.pct(report.settings.gateThreshold, 0)} del personale; posizione se ammesso da solo.`,
      moreLink: `Tutti i ${count} esclusi`,
    };
  if (report.excluded.length)
    return {
      kind: "others",
      heading: "Esclusi",
      note: `Nessun servizio escluso sarebbe tra i primi ${k}.`,
      moreLink: `I ${count} servizi esclusi perché richiedono uno specialista`,
    };
  return {
    kind: "none",
    heading: "Esclusi",
    note: "Nessun servizio è escluso: tutti superano la soglia di fattibilità.",
  };
}

/** The answer block of the report from the report alone: warnings, the desk, the excluded, the sample. */
export function answerSummary(report: Report, h: Helpers, filters: string | null): AnswerSummary {
  const k = report.settings.topK;
  const warnings = warningsOf(report, filters);
  const section = REPORT_SECTIONS[0];
  return {
    id: section.id,
    title: section.title,
    warnings: warnings.map((w, i) => ({ key: w.key, text: w.text, separator: i < warnings.length - 1 ? " · " : "" })),
    warningsDanger: warnings.some((w) => w.severity === "danger"),
    state: report.responses.tooFew ? "too-few" : report.rankingWithheld ? "withheld" : "ranked",
    withheldReason: report.rankingWithheld ?? "",
    deskHeading: `Lo Sportello consigliato: i primi ${k} servizi`,
    top: report.ranking.slice(0, k).map((s) => {
      const c = certaintyShort(s);
      return {
        service: s.service,
        name: h.service(s.service),
        level: c.level,
        certainty: c.number ? `${c.words}: tra i primi ${k} nel ${c.number} delle repliche` : c.words,
        unassessed: s.gate === "unknown",
      };
    }),
    excluded: excludedColumn(report, h, k),
    sampleHtml: sampleSentence(report, h),
  };
}
