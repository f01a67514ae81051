import { kindOf } from "../surveys/kinds/index.js";
import { stringify } from "csv-stringify/sync";
import { neutralise } from "../surveys/csv-format.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { choicesOf, findQuestion } from "../surveys/options.js";
import type { Choice, Question } from "../surveys/schema.js";
import type { Report } from "./contract.js";

/**
 * The open-data package of a report: a long CSV of the published aggregates and its data
 * dictionary. Every number is read from the report object, never from the responses, so the
 * small-cell suppression of the report holds here too. The survey only lends the labels.
 */

export const OPEN_DATA_COLUMNS = [
  "section",
  "item",
  "item_label",
  "category",
  "category_label",
  "count",
  "estimate",
  "low",
  "high",
  "suppressed",
] as const;

export const OPEN_DATA_LICENCE =
  "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/deed.it): riutilizzo libero citando la fonte.";

export interface OpenDataLabels {
  item(key: string): string;
  category(key: string, value: string): string;
  service(code: string): string;
}

const RANKING_CATEGORIES: [string, string][] = [
  ["punteggio", "Punteggio composito (0–1)"],
  ["posizione", "Posizione in graduatoria, con intervallo al 95 %"],
  [
    "probabilita_top_k",
    "Probabilità di essere tra i primi k (k nella riga), contando la soglia di fattibilità di ogni replica",
  ],
  ["quota_soglia_superata", "Quota delle repliche bootstrap in cui il servizio supera la soglia di fattibilità"],
  ["criterio_D", "D domanda: quota di cittadini che hanno usato il servizio"],
  ["criterio_F", "F frammentazione: uffici in più, ritorni e tempo perso"],
  ["criterio_U", "U insoddisfazione: quota di utenti con voto fino a 5 su 10"],
  ["criterio_I", "I importanza di averlo allo sportello (punteggio best–worst da -1 a 1)"],
  ["criterio_P", "P preferenza: punteggio di Borda della classifica dei cittadini"],
  ["criterio_C", "C criticità secondo il personale"],
  ["fattibilita_X", "X fattibilità: quota del personale che lo ritiene gestibile da un operatore formato"],
];

/** Labels of the survey's questions, rows, choices and services (words only: no answers). */
export function openDataLabels(survey: LoadedSurvey): OpenDataLabels {
  const services = new Map((survey.catalogue?.services ?? []).map((s) => [s.code, s.name.it]));
  const question = (key: string): Question | undefined => findQuestion(survey.definition, key.split("/")[0]);
  const categoryChoices = (q: Question): Choice[] => kindOf(q).report?.labels(q, survey) ?? [];
  const rowLabel = (q: Question, row: string): string => {
    if (q.type !== "matrix") return row;
    if (q.rows.from === "list") return q.rows.rows.find((r) => r.value === row)?.label.it ?? row;
    if (q.rows.from === "catalogue") return services.get(row) ?? row;
    const origin = findQuestion(survey.definition, q.rows.question);
    const choices =
      origin && ("choices" in origin || "choicesFrom" in origin) ? choicesOf(origin, survey.catalogue) : [];
    return choices.find((c) => c.value === row)?.label.it ?? services.get(row) ?? row;
  };
  return {
    item(key) {
      const q = question(key);
      if (!q) return key;
      const row = key.includes("/") ? key.slice(key.indexOf("/") + 1) : null;
      return row ? `${q.label.it} — ${rowLabel(q, row)}` : q.label.it;
    },
    category(key, value) {
      const q = question(key);
      if (value === "other") return "Altro";
      if (value === "non_so") return "Non so";
      return (q && categoryChoices(q).find((c) => c.value === value)?.label.it) ?? value;
    },
    service: (code) => services.get(code) ?? code,
  };
}

export type Row = (string | number | null | boolean)[];

/** The rows of the open-data CSV (without the header). */
export function openDataRows(report: Report, labels: OpenDataLabels): Row[] {
  const rows: Row[] = [];
  for (const [key, q] of Object.entries(report.questions)) {
    for (const [value, cell] of Object.entries(q.categories)) {
      rows.push([
        "domanda",
        key,
        labels.item(key),
        value,
        labels.category(key, value),
        cell.count,
        cell.estimate,
        cell.low,
        cell.high,
        cell.suppressed,
      ]);
    }
    if (q.mean) {
      const hidden = q.mean.n === null || q.mean.mean === null;
      rows.push([
        "media",
        key,
        labels.item(key),
        "media",
        "Media (senza i «non so»)",
        q.mean.n,
        q.mean.mean,
        q.mean.low,
        q.mean.high,
        hidden,
      ]);
    }
  }
  for (const [section, list] of [
    ["graduatoria", report.ranking],
    ["esclusi_fattibilita", report.excluded],
  ] as const) {
    for (const s of list) {
      const label = labels.service(s.service);
      const users = s.users;
      const cells: Record<string, Row> = {
        punteggio: [users, s.score, null, null, false],
        posizione: [users, s.rank, s.rankInterval?.[0] ?? null, s.rankInterval?.[1] ?? null, false],
        probabilita_top_k: [users, s.topK, null, null, false],
        quota_soglia_superata: [users, s.gatePassShare, null, null, false],
      };
      for (const c of ["D", "F", "U", "I", "P", "C", "X"] as const) {
        const value = s.raw[c] ?? null;
        cells[c === "X" ? "fattibilita_X" : `criterio_${c}`] = [
          users,
          value,
          null,
          null,
          value === null && s.fewUsers && ["D", "F", "U"].includes(c),
        ];
      }
      for (const [category, categoryLabel] of RANKING_CATEGORIES) {
        const text = category === "probabilita_top_k" ? `Probabilità di essere tra i primi ${s.k}` : categoryLabel;
        const row: Row = [section, s.service, label, category, text, ...cells[category]];
        // A withheld count (users of the service) is an empty cell, flagged like any withheld value.
        if (users === null) row[9] = true;
        rows.push(row);
      }
    }
  }
  for (const s of report.bestWorst?.services ?? []) {
    const label = labels.service(s.service);
    const hidden = s.suppressed;
    rows.push([
      "best_worst",
      s.service,
      label,
      "punteggio",
      "Punteggio best–worst (più importante meno meno importante), da -1 a 1",
      s.n,
      s.score,
      s.low,
      s.high,
      hidden,
    ]);
    rows.push([
      "best_worst",
      s.service,
      label,
      "quota_piu_importante",
      "Quota delle volte proposto in cui è scelto come più importante",
      s.n,
      s.bestShare,
      null,
      null,
      hidden,
    ]);
    rows.push([
      "best_worst",
      s.service,
      label,
      "quota_meno_importante",
      "Quota delle volte proposto in cui è scelto come meno importante",
      s.n,
      s.worstShare,
      null,
      null,
      hidden,
    ]);
    if (report.bestWorst!.logitConverged)
      rows.push([
        "best_worst",
        s.service,
        label,
        "quota_preferenza",
        "Quota di preferenza (modello logit): probabilità di essere scelto come il più importante di tutti",
        s.n,
        s.share,
        null,
        null,
        hidden,
      ]);
  }
  return rows;
}

/** The open-data CSV: UTF-8 with BOM, comma, dot decimals, empty cells for hidden numbers. */
export function openDataCsv(report: Report, labels: OpenDataLabels): string {
  return toCsv([[...OPEN_DATA_COLUMNS], ...openDataRows(report, labels)]);
}

/** Rows as the open-data files write them: UTF-8 with BOM, one record per line, cells made safe. */
export function toCsv(rows: Row[]): string {
  return stringify(
    rows.map((r) => r.map(cell)),
    { bom: true, record_delimiter: "\n" },
  );
}

function cell(value: string | number | null | boolean): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "1" : "0";
  if (typeof value === "number") return Number.isFinite(value) ? round(value) : "";
  return neutralise(value);
}

/** Six decimals are more than any survey estimate can claim, and keep the file readable. */
export function round(x: number): string {
  return String(Number(x.toFixed(6)));
}
