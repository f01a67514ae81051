import { marginsFrom, weightingChoices } from "../../report/margins-source.js";
import { uncoveredChoices } from "../../report/margins-coverage.js";
import { weightingDiagnosis, type WeightingInputs } from "../../report/weights.js";
import { surveyWeightingWords } from "../../report/weighting-words.js";
import type { LoadedSurvey } from "../../surveys/loader.js";
import { surveyTrail, type Crumb } from "../common/breadcrumb.js";
import { errorLinks, type SummaryItem } from "../common/error-summary.js";
import type { TableRow } from "../common/table.js";
import { formatRome } from "../common/rome-time.js";
import { formatDecimal, formatInteger, formatPercent } from "../../format/italian.js";

/** The upload form's fields, as typed (kept on a refusal) and as refused. */
export interface MarginsForm {
  values: { csv: string; source: string; kind: string; name: string };
  errors: Partial<Record<"csv" | "source" | "kind" | "name", string>>;
  /** The file's own problems, line by line (the first 200). */
  lineErrors: string[];
}

/** A field of the upload form written out by the page: its value, its error and the ids that describe it. */
export interface MarginsField {
  value: string;
  error: string | null;
  describedBy: string;
}

/** What the census margins page prints (views/admin/report-margins.ejs): every text and number ready. */
export interface MarginsPage {
  title: string;
  trail: Crumb[];
  /** The questionnaire's weighting variables in words («fascia d'età, sesso e quartiere»). */
  variables: string;
  notice: string | null;
  file: { name: string; origin: string };
  /** Nature and source of the margins, when they fit the questionnaire. */
  facts: { nature: string; source: string } | null;
  illustrative: boolean;
  missing: boolean;
  /** Why the file in use does not fit the questionnaire (then the report is not weighted). */
  mismatch: string[];
  uncovered: { question: string; variable: string; values: string[] }[];
  diagnosis: {
    state: "withheld" | "warning" | "ok";
    heading: string;
    withheld: string | null;
    problem: string | null;
    figures: string | null;
  } | null;
  /** One table per margin: its categories (code, population, share) and the total (views/partials/table.ejs). */
  tables: { caption: string; rows: TableRow[]; foot: TableRow }[];
  /** Where the administrator goes back to the shipped file, when another one is stored. */
  restoreAction: string | null;
  action: string;
  /** The form as typed, for the source field (views/partials/field.ejs). */
  form: MarginsForm;
  summary: SummaryItem[];
  /** The file's problems line by line, listed in the summary after the fields' errors. */
  summaryDetail: { id: string; intro: string; lines: string[] } | null;
  csvField: MarginsField;
  nameField: MarginsField;
  kindField: { error: string | null; describedBy: string; verified: boolean; illustrative: boolean };
}

// Italian numbers as the report writes them (1.234; decimals only where there are some).
const integer = formatInteger;
const decimal = (x: number): string => formatDecimal(x, 2);
const percent = (share: number): string => formatPercent(share);

/**
 * The margins in use for `survey`, their tables and what the weighting makes of the answers so far,
 * from the survey's inputs (its responses, settings and margins read in one snapshot).
 */
export function marginsPage(
  inputs: WeightingInputs,
  survey: LoadedSurvey,
  marginsFile: string,
  form: MarginsForm,
  notice: string | null,
): MarginsPage {
  const stored = inputs.storedMargins;
  const inUse = marginsFrom(stored, survey, marginsFile);
  const diagnosis = weightingDiagnosis(inputs, survey, marginsFile);
  const { values, errors, lineErrors } = form;
  const base = `/admin/questionari/${survey.definition.id}/margini`;
  return {
    // «Errore: » first, so a screen reader hears at once that the file was not taken.
    title: `${Object.keys(errors).length || lineErrors.length ? "Errore: " : ""}Margini di censimento · ${survey.definition.title.it}`,
    trail: surveyTrail(survey.definition),
    variables: surveyWeightingWords(survey),
    notice,
    file: {
      name: stored?.name ?? marginsFile.split("/").pop() ?? marginsFile,
      origin: stored
        ? `(caricato il ${formatRome(stored.uploadedAt)} da ${stored.uploadedBy})`
        : "(file predefinito dell'installazione)",
    },
    facts: inUse?.ok
      ? {
          nature: inUse.margins.illustrative
            ? "Illustrativi: non sono dati verificati"
            : "Dati verificati (anagrafe/ISTAT)",
          source: inUse.margins.source || "Non indicata",
        }
      : null,
    illustrative: inUse?.ok ? inUse.margins.illustrative : false,
    missing: !inUse,
    mismatch: inUse && !inUse.ok ? inUse.errors : [],
    uncovered: inUse?.ok ? uncoveredChoices(inUse.margins.targets, weightingChoices(survey)) : [],
    diagnosis: diagnosis && {
      state: diagnosis.withheld ? "withheld" : diagnosis.problem ? "warning" : "ok",
      heading: `La ponderazione con le risposte raccolte finora (${integer(diagnosis.responses)})`,
      withheld: diagnosis.withheld ?? null,
      problem: diagnosis.problem && diagnosis.weighted ? diagnosis.problem : null,
      figures: diagnosis.weighted
        ? `Effetto del disegno ${decimal(diagnosis.deff)}, n effettivo ${integer(Math.round(diagnosis.effectiveN))}, peso più grande ${decimal(diagnosis.maxWeightRatio)} volte il peso medio` +
          `${diagnosis.bounds ? (diagnosis.boundsMet ? " (entro i limiti impostati)" : " (i limiti impostati non si possono rispettare)") : ""}.`
        : null,
    },
    tables: inUse?.ok
      ? Object.entries(inUse.margins.targets).map(([variable, cats]) => {
          const total = Object.values(cats).reduce((s, x) => s + x, 0);
          const rows = Object.entries(cats).map(([category, population]) => ({
            head: category,
            code: true,
            cells: [integer(population), percent(total > 0 ? population / total : 0)],
          }));
          return {
            caption: `Margine «${variable}»: popolazione per categoria`,
            rows,
            foot: { head: "Totale", cells: [integer(total), "100 %"] },
          };
        })
      : [],
    restoreAction: stored !== undefined ? `${base}/predefiniti` : null,
    action: base,
    form,
    summary: errorLinks(errors, ["csv", "name", "source", "kind"]),
    summaryDetail: lineErrors.length
      ? { id: "margins-problems", intro: "Problemi nel file (la riga 1 è l'intestazione):", lines: lineErrors }
      : null,
    csvField: {
      value: values.csv,
      error: errors.csv ?? null,
      describedBy: `h-csv${errors.csv ? " e-csv" : ""}${lineErrors.length ? " margins-problems" : ""}`,
    },
    nameField: { value: values.name, error: errors.name ?? null, describedBy: `h-name${errors.name ? " e-name" : ""}` },
    kindField: {
      error: errors.kind ?? null,
      describedBy: `h-kind${errors.kind ? " e-kind" : ""}`,
      verified: values.kind === "verificati",
      illustrative: values.kind === "illustrativi",
    },
  };
}

/** The empty upload form. */
export const EMPTY_MARGINS_FORM: MarginsForm = {
  values: { csv: "", source: "", kind: "", name: "" },
  errors: {},
  lineErrors: [],
};
