import type { Criterion } from "../../analysis/index.js";
import type { SettingsFormValues } from "../../report/settings-form.js";
import type { SurveyDefinition } from "../../surveys/schema.js";
import { surveyTrail, type Crumb } from "../common/breadcrumb.js";
import { errorLinks, type SummaryItem } from "../common/error-summary.js";

/** One number of the settings form: its label, help, value and error, and the ids that tie them. */
export interface SettingsField {
  name: string;
  label: string;
  help: string;
  value: string;
  error: string | null;
  describedBy: string;
}

/** What the report settings page prints (views/admin/report-settings.ejs): every text ready. */
export interface SettingsPage {
  title: string;
  trail: Crumb[];
  notice: string | null;
  action: string;
  resetAction: string;
  errorItems: SummaryItem[];
  /** The criteria's weights, then the gate and k, then the bootstrap and the weighting, as the form groups them. */
  weights: SettingsField[];
  ranking: SettingsField[];
  uncertainty: SettingsField[];
  /** Whether the answers flagged by the quality checks are left out of the estimates. */
  excludeFlagged: { error: string | null; describedBy: string; keep: boolean; exclude: boolean };
  /** The defaults as the reset section states them. */
  defaults: { gateThreshold: string; topK: string; replicates: string; seed: string; trim: string };
}

export interface SettingsPageInput {
  survey: SurveyDefinition;
  criteria: readonly { key: Criterion; label: string }[];
  values: SettingsFormValues;
  defaults: SettingsFormValues;
  errors: Readonly<Record<string, string>>;
  notice: string | null;
}

export function settingsPage(input: SettingsPageInput): SettingsPage {
  const { values, defaults, errors } = input;
  const base = `/admin/questionari/${input.survey.id}/impostazioni-rapporto`;
  const field = (name: string, label: string, help: string): SettingsField => ({
    name,
    label,
    help,
    value: values[name],
    error: errors[name] || null,
    describedBy: `h-${name}${errors[name] ? ` e-${name}` : ""}`,
  });
  const weightNames = input.criteria.map((c) => `w_${c.key}`);
  return {
    // «Errore: » first, so a screen reader hears at once that the settings were not saved.
    title: `${Object.keys(errors).length ? "Errore: " : ""}Impostazioni del rapporto · ${input.survey.title.it}`,
    trail: surveyTrail(input.survey),
    notice: input.notice,
    action: base,
    resetAction: `${base}/predefiniti`,
    errorItems: errorLinks(errors, [
      ...weightNames,
      "gateThreshold",
      "topK",
      "replicates",
      "seed",
      "trim",
      "excludeFlagged",
    ]),
    weights: input.criteria.map((c) =>
      field(`w_${c.key}`, c.label, `Peso in uso: ${values[`w_${c.key}`]} (predefinito ${defaults[`w_${c.key}`]} %).`),
    ),
    ranking: [
      field(
        "gateThreshold",
        "Soglia di fattibilità (da 0 a 1)",
        `Un servizio entra in graduatoria solo se almeno questa quota del personale ritiene che un operatore formato possa almeno riceverne e protocollarne le pratiche; gli altri vanno nell'elenco «richiede uno specialista». Predefinito ${defaults.gateThreshold}.`,
      ),
      field(
        "topK",
        "Numero di servizi dello sportello (primi k, da 1 a 15)",
        `Il rapporto indica la probabilità che ciascun servizio sia tra i primi k. Predefinito ${defaults.topK}.`,
      ),
    ],
    uncertainty: [
      field(
        "replicates",
        "Repliche bootstrap (da 200 a 10.000)",
        `Più repliche danno intervalli più stabili ma un calcolo più lento. Predefinito ${defaults.replicates}.`,
      ),
      field(
        "seed",
        "Seme del generatore casuale (numero intero)",
        `Con lo stesso seme e gli stessi dati il rapporto è identico: cambiarlo sposta gli intervalli solo entro il rumore di campionamento. Predefinito ${defaults.seed}.`,
      ),
      field(
        "trim",
        "Limite dei pesi (0 = nessuno, oppure da 2 a 20)",
        `La ponderazione tiene ogni peso tra 1/k e k volte il peso medio rispettando i margini, per evitare che poche persone contino troppo. Se non è possibile, il rapporto lo dice e calcola i pesi senza limiti. Predefinito ${defaults.trim}.`,
      ),
    ],
    excludeFlagged: {
      error: errors.excludeFlagged || null,
      describedBy: `h-excludeFlagged${errors.excludeFlagged ? " e-excludeFlagged" : ""}`,
      keep: values.excludeFlagged === "no",
      exclude: values.excludeFlagged === "si",
    },
    defaults: {
      gateThreshold: defaults.gateThreshold,
      topK: defaults.topK,
      replicates: defaults.replicates,
      seed: defaults.seed,
      trim: defaults.trim,
    },
  };
}
