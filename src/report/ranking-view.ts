import type { Report } from "./contract.js";
import type { WouldRank } from "./answer.js";
import { certaintyShort, strongestCriteria } from "./answer.js";
import type { Helpers } from "./view.js";

/** A criterion as the report names and defines it (CRITERIA in view.ts). */
export interface CriterionText {
  key: string;
  name: string;
  definition: string;
}

/** A weight's ±20 % change and what it moves (sensitivityRows in view.ts). */
export interface SensitivityRow {
  criterion: string;
  factor: number;
  moved: { service: string; rank: number; baseRank: number }[];
  entering: string[];
  leaving: string[];
}

/** An admitted service's row of the ranking table; the cells are HTML (a withheld figure is its marker). */
export interface RankingRow {
  service: string;
  name: string;
  rank: string;
  inTop: boolean;
  scoreHtml: string;
  /** One cell per criterion, in the criteria's order. */
  criteriaHtml: string[];
  feasibilityHtml: string;
}

/** An excluded service's row, with the place its score would give it. */
export interface ExcludedRow {
  service: string;
  name: string;
  /** Its score would put it among the first k. */
  wouldRank: boolean;
  scoreHtml: string;
  /** «3º (tra i primi 5)» or «oltre il 5º». */
  position: string;
  feasibilityHtml: string;
  gatePassHtml: string;
  topKHtml: string;
  usersHtml: string;
}

/** What views/report/perche.ejs prints: the criteria, why the first services, the ranking and the excluded ones. */
export interface WhyView {
  topK: number;
  /** The criteria in one sentence: each with the separator that follows it («.» after the last). */
  criteria: { name: string; definition: string; separator: string }[];
  /** The criteria's names, as the ranking table's headings. */
  criteriaNames: string[];
  /** Each of the first k services with its two strongest criteria in words. */
  reasons: { name: string; text: string }[];
  /** Why there is no ranking, or null when there is one. */
  withheld: string | null;
  ranking: RankingRow[];
  excluded: ExcludedRow[];
  /** The feasibility threshold, «40 %». */
  gate: string;
}

/** A row of the certainty table. */
export interface CertaintyRow {
  rank: string;
  name: string;
  inTop: boolean;
  /** The rank interval over the replicates, «2º–4º», or «—» without replicates. */
  interval: string;
  topKHtml: string;
  words: string;
  gatePassHtml: string;
}

/** What views/report/certezza.ejs prints: the rank intervals, the sensitivity to the weights and to the gate. */
export interface CertaintyView {
  topK: number;
  withheld: boolean;
  replicates: string;
  rows: CertaintyRow[];
  sensitivity: { criterion: string; change: string; top: string; moved: string }[];
  /** The gate moved by ten points either way, or null when the report has no such table. */
  gate: { threshold: string; rows: { threshold: string; entering: string; leaving: string; top: string }[] } | null;
}

const share = (h: Helpers, x: number | null | undefined): string => h.value(x, (v) => h.pct(v, 0));
// An admitted service always has a rank (the contract's null is for the excluded ones).
const rankText = (h: Helpers, rank: number | null): string => (rank === null ? "—" : h.ord(rank));
const inTop = (rank: number | null, k: number): boolean => rank !== null && rank <= k;
const score = (h: Helpers, x: number | null | undefined): string => h.value(x, (v) => h.num(v, 2));

export function whyView(
  report: Report,
  h: Helpers,
  criteria: readonly CriterionText[],
  top: Report["ranking"],
  wouldRank: readonly WouldRank[],
): WhyView {
  const k = report.settings.topK;
  const nameOf = (key: string): string => {
    const c = criteria.find((x) => x.key === key);
    return c ? c.name.toLowerCase() : key;
  };
  return {
    topK: k,
    criteria: criteria.map((c, i) => ({
      name: c.name.toLowerCase(),
      definition: c.definition,
      separator: i < criteria.length - 1 ? "; " : ".",
    })),
    criteriaNames: criteria.map((c) => c.name),
    reasons: top.map((s) => ({
      name: h.service(s.service),
      text: strongestCriteria(s)
        .map((c) => `${c.words} (${nameOf(c.key)} ${h.num(c.value, 2)})`)
        .join("; "),
    })),
    withheld: report.rankingWithheld,
    ranking: report.ranking.map((s) => ({
      service: s.service,
      name: h.service(s.service),
      rank: rankText(h, s.rank),
      inTop: inTop(s.rank, k),
      scoreHtml: score(h, s.score),
      criteriaHtml: criteria.map((c) => score(h, s.criteria[c.key])),
      feasibilityHtml: share(h, s.raw.X),
    })),
    excluded: report.excluded.map((s) => {
      const w = wouldRank.find((x) => x.ranked.service === s.service);
      return {
        service: s.service,
        name: h.service(s.service),
        wouldRank: Boolean(w),
        scoreHtml: score(h, s.score),
        position: w ? `${h.ord(w.position)} (tra i primi ${k})` : `oltre il ${h.ord(k)}`,
        feasibilityHtml: share(h, s.raw.X),
        gatePassHtml: share(h, s.gatePassShare),
        topKHtml: share(h, s.topK),
        usersHtml: h.count(s.users),
      };
    }),
    gate: h.pct(report.settings.gateThreshold, 0),
  };
}

export function certaintyView(
  report: Report,
  h: Helpers,
  criteria: readonly CriterionText[],
  sensitivity: readonly SensitivityRow[],
): CertaintyView {
  const k = report.settings.topK;
  const services = (codes: readonly string[], none: string): string =>
    codes.length ? codes.map(h.service).join("; ") : none;
  return {
    topK: k,
    withheld: Boolean(report.rankingWithheld),
    replicates: h.int(report.settings.replicates),
    rows: report.ranking.map((s) => ({
      rank: rankText(h, s.rank),
      name: h.service(s.service),
      inTop: inTop(s.rank, k),
      interval: s.rankInterval
        ? s.rankInterval[0] === s.rankInterval[1]
          ? h.ord(s.rankInterval[0])
          : `${h.ord(s.rankInterval[0])}–${h.ord(s.rankInterval[1])}`
        : "—",
      topKHtml: share(h, s.topK),
      words: certaintyShort(s).words,
      gatePassHtml: share(h, s.gatePassShare),
    })),
    sensitivity: sensitivity.map((s) => ({
      criterion: criteria.find((x) => x.key === s.criterion)?.name ?? s.criterion,
      change: s.factor < 1 ? "−20 %" : "+20 %",
      top: s.entering.length
        ? `Entra ${s.entering.map(h.service).join("; ")}. Esce ${s.leaving.map(h.service).join("; ")}`
        : "Invariati",
      moved: s.moved.length
        ? s.moved.map((m) => `${h.service(m.service)} ${h.ord(m.baseRank)} → ${h.ord(m.rank)}`).join("; ")
        : "Nessuno",
    })),
    gate: report.gateSensitivity?.length
      ? {
          threshold: h.pct(report.settings.gateThreshold, 0),
          rows: report.gateSensitivity.map((g) => ({
            threshold: h.pct(g.threshold, 0),
            entering: services(g.entering, "Nessuno"),
            leaving: services(g.leaving, "Nessuno"),
            top: services(g.top, ""),
          })),
        }
      : null,
  };
}
