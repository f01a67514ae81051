import { z } from "zod";
import { CRITERIA, type Criterion } from "../analysis/index.js";
import { DEFAULT_SETTINGS, type ReportSettings } from "./types.js";

/**
 * The report settings form: what the administrator types (Italian decimals allowed) ↔ the stored
 * settings. The criteria weights are typed as any non-negative numbers and stored normalised to
 * sum 1, so "2, 1, 1, 1, 1, 0" means what it says without arithmetic on the user's side.
 */

export const CRITERION_LABELS: Record<Criterion, string> = {
  D: "D · Domanda (quanti cittadini usano il servizio)",
  F: "F · Frammentazione (uffici in più, ritorni, tempo perso)",
  U: "U · Insoddisfazione degli utenti",
  I: "I · Importanza di averlo allo sportello",
  P: "P · Preferenza espressa nella classifica dei cittadini",
  C: "C · Criticità secondo il personale",
};

export type SettingsFormValues = Record<string, string>;
export const SETTINGS_FIELDS = [
  ...CRITERIA.map((c) => `w_${c}`),
  "gateThreshold",
  "topK",
  "replicates",
  "seed",
  "trim",
  "excludeFlagged",
] as const;

const DECIMAL = /^\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;
const text = (value: unknown): string => (typeof value === "string" ? value.trim().replace(",", ".") : "");

const decimal = (message: string, check: (n: number) => boolean) =>
  z.string().refine((s) => DECIMAL.test(s) && check(Number(s)), { message });
const integer = (message: string, check: (n: number) => boolean) =>
  z.string().refine((s) => INTEGER.test(s) && check(Number(s)), { message });

const weight = decimal(
  "Scriva un numero non negativo, ad esempio 20 oppure 0 per non considerare il criterio.",
  (n) => n >= 0 && n <= 1e6,
);

const schema = z.object({
  ...(Object.fromEntries(CRITERIA.map((c) => [`w_${c}`, weight])) as Record<`w_${Criterion}`, typeof weight>),
  gateThreshold: decimal("Scriva un numero tra 0 e 1, ad esempio 0,5.", (n) => n >= 0 && n <= 1),
  topK: integer("Scriva un numero intero da 1 a 15.", (n) => n >= 1 && n <= 15),
  replicates: integer("Scriva un numero intero da 200 a 10.000 (senza punti).", (n) => n >= 200 && n <= 10000),
  seed: integer("Scriva un numero intero da 0 a 4.294.967.295 (senza punti).", (n) => n <= 4294967295),
  trim: decimal("Scriva 0 per non limitare i pesi, oppure un numero da 2 a 20.", (n) => n === 0 || (n >= 2 && n <= 20)),
  excludeFlagged: z.enum(["si", "no"], { error: "Scelga sì o no." }),
});

export type SettingsFormResult =
  { ok: true; settings: ReportSettings } | { ok: false; errors: Record<string, string>; values: SettingsFormValues };

export function parseSettingsForm(body: Record<string, unknown> | undefined): SettingsFormResult {
  const values: SettingsFormValues = Object.fromEntries(
    SETTINGS_FIELDS.map((f) => [f, typeof body?.[f] === "string" ? String(body[f]) : ""]),
  );
  const parsed = schema.safeParse(
    Object.fromEntries(SETTINGS_FIELDS.map((f) => [f, f === "excludeFlagged" ? values[f] : text(values[f])])),
  );
  const errors: Record<string, string> = {};
  if (!parsed.success) for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
  if (parsed.success) {
    const total = CRITERIA.reduce((s, c) => s + Number(parsed.data[`w_${c}`]), 0);
    if (total <= 0) errors.w_D = "Almeno un criterio deve avere un peso maggiore di zero.";
  }
  if (!parsed.success || Object.keys(errors).length) return { ok: false, errors, values };
  const d = parsed.data;
  const total = CRITERIA.reduce((s, c) => s + Number(d[`w_${c}`]), 0);
  return {
    ok: true,
    settings: {
      criteriaWeights: Object.fromEntries(CRITERIA.map((c) => [c, Number(d[`w_${c}`]) / total])) as Record<
        Criterion,
        number
      >,
      gateThreshold: Number(d.gateThreshold),
      topK: Number(d.topK),
      replicates: Number(d.replicates),
      seed: Number(d.seed),
      trim: Number(d.trim),
      excludeFlagged: d.excludeFlagged === "si",
    },
  };
}

/** The stored settings as the form shows them: weights as percentages, Italian decimals. */
export function settingsFormValues(settings: ReportSettings): SettingsFormValues {
  const it = (n: number, digits: number) => String(Number(n.toFixed(digits))).replace(".", ",");
  return {
    ...Object.fromEntries(CRITERIA.map((c) => [`w_${c}`, it(settings.criteriaWeights[c] * 100, 2)])),
    gateThreshold: it(settings.gateThreshold, 3),
    topK: String(settings.topK),
    replicates: String(settings.replicates),
    seed: String(settings.seed),
    trim: it(settings.trim, 2),
    excludeFlagged: settings.excludeFlagged ? "si" : "no",
  };
}

/** One line for the audit log: each setting that changed, old → new. */
export function describeChanges(before: ReportSettings, after: ReportSettings): string {
  const pct = (n: number) => `${(n * 100).toFixed(1).replace(".", ",")} %`;
  const changes: string[] = [];
  for (const c of CRITERIA)
    if (Math.abs(before.criteriaWeights[c] - after.criteriaWeights[c]) > 1e-12)
      changes.push(`peso ${c} ${pct(before.criteriaWeights[c])} → ${pct(after.criteriaWeights[c])}`);
  const plain: [keyof ReportSettings, string][] = [
    ["gateThreshold", "soglia di fattibilità"],
    ["topK", "primi k"],
    ["replicates", "repliche bootstrap"],
    ["seed", "seme"],
    ["trim", "limite dei pesi"],
    ["excludeFlagged", "escludi segnalate"],
  ];
  for (const [key, label] of plain)
    if (before[key] !== after[key]) changes.push(`${label} ${show(before[key])} → ${show(after[key])}`);
  return changes.length ? changes.join("; ") : "nessuna modifica";
}

function show(value: unknown): string {
  return typeof value === "boolean" ? (value ? "sì" : "no") : String(value);
}

export { DEFAULT_SETTINGS };
