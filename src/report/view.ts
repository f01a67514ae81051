import {
  formatDateTime,
  formatInteger,
  formatNumber,
  formatOrdinal,
  formatPercent,
  formatPercentRange,
  formatRange,
} from "../format/italian.js";
import { MIN_CELL } from "../analysis/suppression.js";
import { channelLabelsIt } from "../surveys/vocabulary.js";
import type { Report } from "./contract.js";
import { certaintyShort, excludedThatWouldRank, strongestCriteria } from "./answer.js";
import { answerSummary } from "./answer-view.js";
import { reportFigures } from "./figures.js";
import { bestWorstView } from "./best-worst-view.js";
import { labelOr, type ReportLabels } from "./labels.js";
import { bodySections } from "./sections.js";
import { inSentence } from "./weighting-words.js";
import { certaintyView, whyView } from "./ranking-view.js";
import { staffView } from "./staff-view.js";
import { chartsView } from "./charts-view.js";
import { methodsView } from "./methods-view.js";
import { sampleQualityView } from "./sample-quality-view.js";

/**
 * What the report pages and the offline file print, arranged from the report object alone:
 * no number is computed here, only chosen, ordered, named and formatted. A null in the report
 * is a hidden cell and is printed as such, never as 0.
 */

/** The fewest answers a count, share or mean is printed on (the disclosure rule's minimum). */
export const MIN_SHOWN = MIN_CELL;

export const HIDDEN_COUNT = "dato non pubblicato";
export const HIDDEN_VALUE = "dato non pubblicato";
export const WITHHELD_DEFAULT_REASON =
  "Il dato non è pubblicato per tutelare la riservatezza di chi ha risposto (vedi «Come sono protetti i dati»).";

/**
 * A withheld value as HTML (the same markup as views/report/withheld.ejs): «dato non pubblicato»,
 * with the reason visible on hover and keyboard focus and read by screen readers. Never 0.
 */
export function withheldHtml(reason: string = WITHHELD_DEFAULT_REASON): string {
  return `<span class="withheld hidden-cell" data-hidden="true" tabindex="0">${HIDDEN_VALUE}<span class="withheld-reason">${esc(reason)}</span></span>`;
}

export const QUADRANTS: Record<string, { name: string; hint: string }> = {
  "concentrate here": { name: "Da migliorare con priorità", hint: "importanti, ma con soddisfazione sotto la media" },
  "keep up the good work": {
    name: "Punti di forza da mantenere",
    hint: "importanti e con soddisfazione sopra la media",
  },
  "low priority": { name: "Bassa priorità", hint: "meno importanti e con soddisfazione sotto la media" },
  "possible overkill": {
    name: "Possibile eccesso di attenzione",
    hint: "meno importanti, con soddisfazione sopra la media",
  },
};

export const CRITERIA: Array<{ key: "D" | "F" | "U" | "I" | "P" | "C"; name: string; definition: string }> = [
  {
    key: "D",
    name: "Domanda",
    definition: "quota ponderata di cittadini che hanno usato il servizio negli ultimi 12 mesi, per la frequenza media",
  },
  {
    key: "F",
    name: "Frammentazione",
    definition: "media, tra chi ha usato il servizio, di uffici contattati oltre il primo, ritorni e tempo perso",
  },
  {
    key: "U",
    name: "Insoddisfazione",
    definition: "quota ponderata di utenti che danno un voto da 1 a 5 su 10 («non so» escluso)",
  },
  {
    key: "I",
    name: "Importanza",
    definition:
      "importanza, per i cittadini, di poter svolgere il servizio allo Sportello: punteggio «più importante meno meno importante» (best–worst), o voto medio da 1 a 10 nei questionari che lo chiedevano così",
  },
  {
    key: "P",
    name: "Preferenza",
    definition: "punteggio di Borda della classifica dei 5 servizi preferiti (la posizione r su m vale m − r + 1)",
  },
  {
    key: "C",
    name: "Criticità per il personale",
    definition: "gravità media delle difficoltà indicate dal personale (da 1 a 5)",
  },
];

export const CHANNELS: Record<string, string> = channelLabelsIt();

export const FEASIBILITY: Record<string, string> = {
  inform: "solo informazioni",
  file: "ricevere e protocollare",
  process: "istruire e rilasciare subito",
  specialist: "serve lo specialista",
};

function esc(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Formatting helpers for the templates; the count and value helpers return HTML. */
export function helpers(labels: ReportLabels) {
  const hidden = (_text: string, reason?: string) => withheldHtml(reason);
  return {
    int: formatInteger,
    /** The smallest count published, «5», for the texts that state the rule. */
    minCell: formatInteger(MIN_SHOWN),
    /** Text escaped for HTML, for helpers that build markup around labels (a label is never markup). */
    esc,
    num: formatNumber,
    pct: formatPercent,
    pctRange: formatPercentRange,
    range: formatRange,
    ord: formatOrdinal,
    when: formatDateTime,
    /**
     * A respondent count, marked with data-count so a test can check every one printed. A count
     * from 1 to 4 is never printed, even if it reached here.
     */
    count(n: number | null | undefined): string {
      if (n === null || n === undefined || (n > 0 && n < MIN_SHOWN)) return hidden(HIDDEN_COUNT);
      return `<span data-count="${n}">${formatInteger(n)}</span>`;
    },
    /** "123 risposte", or "meno di 5 risposte" when hidden (never "meno di 5 risposte risposte"). */
    answers(n: number | null | undefined, noun = "risposte"): string {
      if (n === null || n === undefined || (n > 0 && n < MIN_SHOWN)) return hidden(HIDDEN_COUNT);
      return `<span data-count="${n}">${formatInteger(n)}</span> ${noun}`;
    },
    /** A published number already formatted, or the hidden marker. */
    value(x: number | null | undefined, format: (v: number) => string, reason?: string): string {
      return x === null || x === undefined || !Number.isFinite(x) ? hidden(HIDDEN_VALUE, reason) : esc(format(x));
    },
    /** A withheld value, with its reason (text) on hover and focus. */
    withheld: (reason?: string): string => withheldHtml(reason),
    service: (code: string) => labelOr(labels.services, code),
    area: (code: string) => labelOr(labels.areas, code),
    choice: (questionId: string, value: string) => labelOr(labels.choices[questionId], value),
    subject: (code: string) => labelOr(labels.subjects, code),
    /** "eta*sesso" / "18_29*f" → "Fascia d'età × Sesso", "18_29 × Femmina". */
    variable: (v: string) =>
      v
        .split("*")
        .map((x) => labels.variableNames[x] ?? x)
        .join(" × "),
    /** "eta*sesso" → "fascia d'età per sesso": a margin named inside a sentence. */
    variableWords: (v: string) =>
      v
        .split("*")
        .map((x) => inSentence(labels.variableNames[x] ?? x))
        .join(" per "),
    category: (v: string, c: string) =>
      c
        .split("*")
        .map((x, i) => labelOr(labels.variables[v.split("*")[i]], x))
        .join(", "),
  };
}

export type Helpers = ReturnType<typeof helpers>;

type Ranked = Report["ranking"][number];

/** How sure we are that a service belongs in the desk, in words, from P(top-k) and its rank interval. */
export function certainty(r: Ranked): { level: "alta" | "media" | "bassa" | "ignota"; text: string } {
  const k = r.k;
  if (r.topK === null) return { level: "ignota", text: "grado di certezza non calcolato (nessuna replica bootstrap)" };
  const p = formatPercent(r.topK, 0);
  const where = r.rankInterval
    ? r.rankInterval[0] === r.rankInterval[1]
      ? `sempre al ${formatOrdinal(r.rankInterval[0])} posto nelle repliche`
      : `tra il ${formatOrdinal(r.rankInterval[0])} e il ${formatOrdinal(r.rankInterval[1])} posto nel 95${"\u00a0"}% delle repliche`
    : "";
  const tail = where ? `; ${where}` : "";
  if (r.topK >= 0.9) return { level: "alta", text: `quasi certamente tra i primi ${k} (${p})${tail}` };
  if (r.topK >= 0.6) return { level: "media", text: `probabilmente tra i primi ${k} (${p})${tail}` };
  return { level: "bassa", text: `incerto: tra i primi ${k} solo nel ${p} delle repliche${tail}` };
}

/** An importance–performance point is drawn only if both its means rest on at least 5 answers. */
export function ipaPoints(report: Report) {
  return report.ipa.points.filter(
    (p) =>
      p.importance !== null &&
      p.satisfaction !== null &&
      (p.importanceN ?? 0) >= MIN_SHOWN &&
      (p.satisfactionN ?? 0) >= MIN_SHOWN,
  );
}

/** Which services change rank when one weight moves by ±20 %, and whether the first k change. */
export function sensitivityRows(report: Report) {
  const k = report.settings.topK;
  return report.sensitivity.map((s) => {
    const moved = s.ranks.filter((r) => r.rank !== r.baseRank);
    const topBefore = new Set(s.ranks.filter((r) => r.baseRank <= k).map((r) => r.service));
    const topAfter = new Set(s.ranks.filter((r) => r.rank <= k).map((r) => r.service));
    const entering = [...topAfter].filter((x) => !topBefore.has(x));
    const leaving = [...topBefore].filter((x) => !topAfter.has(x));
    return { criterion: s.criterion, factor: s.factor, moved, entering, leaving };
  });
}

/** The per-service cards: citizens' numbers beside the staff's, in ranking order, excluded last. */
export function serviceCards(report: Report, labels: ReportLabels) {
  const ipa = new Map(report.ipa.points.map((p) => [p.service, p]));
  const q = (role: string, code: string) => report.questions[`${labels.roles[role]}/${code}`];
  return [...report.ranking, ...report.excluded].map((r) => {
    const point = ipa.get(r.service);
    const satisfactionShown = point && point.satisfaction !== null && (point.satisfactionN ?? 0) >= MIN_SHOWN;
    return {
      ranked: r,
      satisfaction: satisfactionShown ? { mean: point.satisfaction, n: point.satisfactionN } : null,
      offices: q("offices", r.service),
      officesQuestion: labels.roles.offices,
      timeLost: q("time_lost", r.service),
      timeQuestion: labels.roles.time_lost,
      importance: bestWorstCard(report, r.service) ?? q("importance", r.service)?.mean ?? null,
      importanceScale: report.bestWorst ? "da −1 a 1" : "1–10",
      staff: report.staff.services[r.service] ?? null,
    };
  });
}

export type ServiceCard = ReturnType<typeof serviceCards>[number];

/** A service's best–worst count score as the card prints it, like a mean with its interval. */
function bestWorstCard(
  report: Report,
  service: string,
): { mean: number | null; low: number | null; high: number | null; n: number | null } | null {
  const s = report.bestWorst?.services.find((x) => x.service === service);
  if (!s) return null;
  return { mean: s.score, low: s.low, high: s.high, n: s.suppressed ? null : s.n };
}

/** "Vista filtrata: Quartiere Mombello, canale Carta", or null without filters. */
export function filterSummary(report: Report, h: Helpers): string | null {
  const parts = Object.entries(report.filters.groups).map(([v, c]) => `${h.variable(v)}: ${h.category(v, c)}`);
  if (report.filters.channel) parts.push(`Canale: ${CHANNELS[report.filters.channel] ?? report.filters.channel}`);
  return parts.length ? parts.join("; ") : null;
}

/** Everything the templates need, in one object. */
export function reportModel(report: Report, labels: ReportLabels) {
  const h = helpers(labels);
  const top = report.ranking.slice(0, report.settings.topK);
  const tooFew = report.responses.tooFew;
  const filters = filterSummary(report, h);
  const charts = chartData(report, h);
  const wouldRank = tooFew ? [] : excludedThatWouldRank(report);
  const sensitivity = sensitivityRows(report);
  const cards = serviceCards(report, labels);
  return {
    report,
    labels,
    h,
    top,
    tooFew,
    /** The answer block that heads the page (views/report/summary.ejs), every text ready. */
    answer: answerSummary(report, h, filters),
    /** The sections under the answer, from the one list in sections.ts. */
    sections: bodySections(report),
    criteria: CRITERIA,
    quadrants: QUADRANTS,
    channels: CHANNELS,
    feasibilityLabels: FEASIBILITY,
    certainty,
    certaintyShort,
    strongestCriteria,
    wouldRank,
    filters,
    ipa: ipaPoints(report),
    /** The section «Metodo» (views/report/methods.ejs), every text ready. */
    methodsSection: methodsView(report, h, CRITERIA),
    /** The tables and sentences around the two charts (views/report/charts.ejs), every cell ready. */
    chartsSection: chartsView(report, h, QUADRANTS, ipaPoints(report)),
    sensitivity,
    /** The section «Perché questi servizi» (views/report/perche.ejs), every cell ready. */
    why: whyView(report, h, CRITERIA, top, wouldRank),
    /** The section «Quanto siamo sicuri» (views/report/certezza.ejs), every cell ready. */
    sure: certaintyView(report, h, CRITERIA, sensitivity),
    cards,
    /** The section «Il personale e la formazione» (views/report/cards.ejs), every cell ready. */
    staffSection: staffView(report, h, labels, cards),
    shortGroups: report.sample.filter((s) => s.short),
    /** The section «Il campione» (views/report/staff-sample.ejs), every cell ready. */
    sampleSection: sampleQualityView(report, h),
    charts,
    svg: reportFigures(charts),
    bestWorst: tooFew ? null : bestWorstView(report.bestWorst, h.service),
  };
}

/** The charts' data, for chart.js (as JSON in the page) and for the offline SVG. */
export function chartData(report: Report, h: Helpers) {
  const q = QUADRANTS;
  return {
    ipa: {
      points: ipaPoints(report).map((p) => ({ x: p.importance!, y: p.satisfaction!, label: h.service(p.service) })),
      xLine: report.ipa.importanceLine,
      yLine: report.ipa.satisfactionLine,
      // Importance is a best–worst score (−1 … 1) when the survey asks best–worst, else a 1–10 mark.
      // oxlint-disable-next-line typescript/no-unnecessary-type-assertion -- the tuple reaches IpaSvgOptions through the inferred return type
      xDomain: (report.bestWorst ? [-1, 1] : [1, 10]) as [number, number],
      xLabel: report.bestWorst ? "Importanza (punteggio best–worst, da −1 a 1)" : "Importanza media (1–10)",
      // Importance on x, satisfaction on y: top-left, top-right, bottom-left, bottom-right.
      quadrants: [
        q["possible overkill"].name,
        q["keep up the good work"].name,
        q["low priority"].name,
        q["concentrate here"].name,
      ] as [string, string, string, string],
    },
    coverage: {
      k: report.coverage.map((c) => c.k),
      full: report.coverage.map((c) => c.citizensFullyServed),
      contacts: report.coverage.map((c) => c.contactsHandled),
      best: report.coverage.map((c) => c.best.citizensFullyServed),
    },
  };
}

/** JSON safe inside <script type="application/json">: no "</script>" can close it early. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

export type ReportModel = ReturnType<typeof reportModel>;
