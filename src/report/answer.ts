import { formatInteger, formatOrdinal, formatPercent } from "../format/italian.js";
import type { Report } from "./contract.js";

/**
 * The giunta's answer as the first screen holds it: the recommended desk, the excluded services
 * that would otherwise be in it, the sample in one sentence and the warnings in one line. Chosen,
 * ordered and worded from the report object alone; no number is computed that the report lacks,
 * except a position (where an excluded service's published score would fall among the admitted).
 */

type Ranked = Report["ranking"][number];

export interface WouldRank {
  ranked: Ranked;
  /** The position it would take if its gate alone were lifted (the others unchanged). */
  position: number;
}

/** Excluded services whose published score would put them in the first k, best first. */
export function excludedThatWouldRank(report: Report): WouldRank[] {
  const k = report.settings.topK;
  const admitted = report.ranking.map((r) => r.score).filter((s): s is number => typeof s === "number");
  return report.excluded
    .filter((r) => typeof r.score === "number")
    .map((r) => ({ ranked: r, position: 1 + admitted.filter((s) => s > r.score).length }))
    .filter((w) => w.position <= k)
    .sort((a, b) => a.position - b.position || b.ranked.score - a.ranked.score);
}

/** "quasi certo", "probabile", "incerto", with the share of replicates in the first k. */
export function certaintyShort(r: Ranked): {
  level: "alta" | "media" | "bassa" | "ignota";
  words: string;
  number: string | null;
} {
  if (r.topK === null || r.topK === undefined)
    return { level: "ignota", words: "certezza non calcolata", number: null };
  const number = formatPercent(r.topK, 0);
  if (r.topK >= 0.9) return { level: "alta", words: "quasi certo", number };
  if (r.topK >= 0.6) return { level: "media", words: "probabile", number };
  return { level: "bassa", words: "incerto", number };
}

/** Why an excluded service is out, in one short clause (the threshold is said once, under the list). */
export function exclusionReason(r: Ranked): string {
  const x = r.raw?.X;
  if (r.gate === "fail" && typeof x === "number")
    return `operatore formato sufficiente: ${formatPercent(x, 0)} del personale`;
  if (r.gate === "fail") return "per il personale serve uno specialista";
  return "non valutato dal personale";
}

export interface Warning {
  key: string;
  text: string;
  severity: "warning" | "danger" | "info";
}

/** The caveats a reader must not miss, each in a few words (the full text is in «Avvertenze»). */
export function warningsOf(report: Report, filters: string | null): Warning[] {
  const out: Warning[] = [];
  if (report.synthetic) out.push({ key: "synthetic", text: "dati simulati", severity: "warning" });
  if (report.margins?.illustrative)
    out.push({ key: "illustrative", text: "margini di popolazione illustrativi", severity: "warning" });
  if (report.weighting.problem) out.push({ key: "weighting", text: "ponderazione non riuscita", severity: "danger" });
  if (report.rankingWithheld) out.push({ key: "withheld", text: "graduatoria non pubblicata", severity: "danger" });
  const short = report.sample.filter((s) => s.short).length;
  if (short)
    out.push({
      key: "short",
      text: short === 1 ? "1 gruppo sotto-rappresentato" : `${formatInteger(short)} gruppi sotto-rappresentati`,
      severity: "info",
    });
  if (filters) out.push({ key: "filters", text: `vista filtrata (${filters})`, severity: "info" });
  return out;
}

/** Ordinal position in words for the excluded line: "sarebbe 1°". */
export function wouldBe(position: number): string {
  return `sarebbe ${formatOrdinal(position)}`;
}

/** The two strongest criteria of a service, in words, for «Perché questi servizi». */
export const CRITERION_WORDS: Record<string, string> = {
  D: "molto usato dai cittadini",
  F: "costringe a passare da più uffici o a tornare",
  U: "molti utenti sono insoddisfatti",
  I: "i cittadini lo ritengono importante allo Sportello",
  P: "spesso scelto tra i 5 servizi preferiti",
  C: "il personale segnala difficoltà allo sportello",
};

export function strongestCriteria(r: Ranked, count = 2): Array<{ key: string; words: string; value: number }> {
  return Object.entries(r.criteria ?? {})
    .filter((e): e is [string, number] => typeof e[1] === "number")
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, value]) => ({ key, words: CRITERION_WORDS[key] ?? key, value }));
}
