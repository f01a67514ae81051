import Papa from "papaparse";
import type { MarginTargets } from "../analysis/index.js";
import { formatInteger } from "../format/italian.js";

export interface MarginsFile {
  name: string;
  targets: MarginTargets;
  /** True when the counts are not verified census figures: every report says so. */
  illustrative: boolean;
  source: string;
}

export type MarginsResult = { ok: true; margins: MarginsFile } | { ok: false; errors: string[] };

/** More people than any Italian comune has (Rome: about 2.8 million): a figure past it is a typing error. */
const MAX_POPULATION = 10_000_000;

/**
 * Reads a census margins CSV (`variable,category,population`) and checks it against the
 * categories the questionnaire can produce: every category must be a choice value of its
 * weighting question(s), and every margin must add up to the same total.
 */
export function parseMargins(
  name: string,
  csv: string,
  meta: { illustrative: boolean; source: string },
  choicesByVariable: ReadonlyMap<string, ReadonlySet<string>>,
): MarginsResult {
  const parsed = Papa.parse<Record<string, string>>(csv.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true });
  const errors: string[] = [];
  const header = parsed.meta.fields ?? [];
  if (header.join(",") !== "variable,category,population") {
    return { ok: false, errors: ["La prima riga deve essere esattamente: variable,category,population"] };
  }
  const targets: MarginTargets = {};
  parsed.data.forEach((row, i) => {
    const line = i + 2;
    const variable = (row.variable ?? "").trim();
    const category = (row.category ?? "").trim();
    const text = (row.population ?? "").trim();
    // Plain digits only: "" would read as 0, "1e308" as a number no comune has.
    const population = /^\d{1,12}(\.\d{1,6})?$/.test(text) ? Number(text) : NaN;
    const parts = variable.split("*");
    const values = category.split("*");
    if (!variable || parts.some((p) => !choicesByVariable.has(p))) {
      errors.push(
        `Riga ${line}: la variabile «${variable}» non corrisponde a nessuna domanda di ponderazione del questionario.`,
      );
      return;
    }
    if (values.length !== parts.length || parts.some((p, k) => !choicesByVariable.get(p)!.has(values[k]))) {
      errors.push(`Riga ${line}: la categoria «${category}» non è tra le risposte possibili di «${variable}».`);
      return;
    }
    if (!Number.isFinite(population) || population < 0) {
      errors.push(`Riga ${line}: la popolazione deve essere un numero non negativo.`);
      return;
    }
    if (population > MAX_POPULATION) {
      errors.push(
        `Riga ${line}: la popolazione ${text} non è plausibile per un comune (al massimo ${formatInteger(MAX_POPULATION)}).`,
      );
      return;
    }
    targets[variable] ??= {};
    if (targets[variable][category] !== undefined)
      errors.push(`Riga ${line}: la categoria «${category}» di «${variable}» è ripetuta.`);
    targets[variable][category] = population;
  });
  const totals = Object.entries(targets).map(
    ([v, cats]) => [v, Object.values(cats).reduce((s, x) => s + x, 0)] as const,
  );
  if (totals.length === 0 && errors.length === 0) errors.push("Il file non contiene margini.");
  for (const [v, total] of totals) {
    if (total <= 0) errors.push(`Il margine «${v}» somma 0: servono le popolazioni delle categorie, non tutti zeri.`);
  }
  const first = totals[0]?.[1] ?? 0;
  for (const [v, total] of totals) {
    if (Math.abs(total - first) > 0.001 * first) {
      errors.push(
        `Il margine «${v}» somma ${total} mentre «${totals[0][0]}» somma ${first}: tutti i margini devono avere lo stesso totale.`,
      );
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, margins: { name, targets, ...meta } };
}
