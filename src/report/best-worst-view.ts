import { formatNumber } from "../format/italian.js";
import { scoresSvg } from "./best-worst-svg.js";
import type { BestWorstSection } from "./best-worst.js";

type Row = BestWorstSection["services"][number] & { name: string };

export interface BestWorstView {
  /** Services with a published score, highest first; then the withheld ones, in catalogue order. */
  rows: Row[];
  withheld: number;
  respondents: number | null;
  effectiveN: number | null;
  logitConverged: boolean;
  svg: string;
}

/** The best–worst table and chart of the report pages, or null when the survey asks no best–worst question. */
export function bestWorstView(
  section: BestWorstSection | null,
  serviceName: (code: string) => string,
): BestWorstView | null {
  if (!section) return null;
  const named = section.services.map((s) => ({ ...s, name: serviceName(s.service) }));
  const shown = named
    .filter((s) => s.score !== null)
    .sort((a, b) => b.score! - a.score! || a.name.localeCompare(b.name, "it"));
  const hidden = named.filter((s) => s.score === null);
  const format = (v: number): string => formatNumber(v, 2);
  return {
    rows: [...shown, ...hidden],
    withheld: hidden.length,
    respondents: section.respondents,
    effectiveN: section.effectiveN,
    logitConverged: section.logitConverged,
    svg: scoresSvg(
      "svg-best-worst",
      "Importanza dei servizi: punteggio «più importante meno meno importante»",
      "Grafico a punti: per ogni servizio il punteggio da −1 (sempre scelto come meno importante) a 1 (sempre scelto come più importante), con la linea del suo intervallo al 95 %; i dati sono nella tabella che segue.",
      shown.map((s) => ({ label: s.name, score: s.score!, low: s.low, high: s.high })),
      format,
    ),
  };
}
