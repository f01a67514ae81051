import type { Question, QuestionType } from "../../surveys/schema.js";
import { ANALYSIS_ROLES } from "../../surveys/schema.js";
import { fieldId } from "../common/field-id.js";
import type { DraftPage, DraftSurvey } from "../../surveys/draft-survey.js";
import { ANALYSIS_ROLE_LABELS, QUESTION_TYPES, rowCount, type FormValues } from "./question-form.js";
import type { ProblemLink } from "./support.js";

/** An option of a radio group or a select, with its state already decided. */
export interface FormOption {
  value: string;
  label: string;
  /** checked (radio) or selected (select). */
  on: boolean;
}

/** One piece of the question form, printed by views/admin/designer/question-control.ejs. */
export type FormControl =
  | { kind: "field"; name: string; label: string; help: string; fieldKind: "text" | "number" | "checkbox" }
  | { kind: "pair"; name: string; legend: string; help: string }
  | { kind: "rows"; list: string; legend: string; count: number; withScore: boolean; withExclusive: boolean }
  | {
      kind: "radios";
      legend: string;
      errorBefore: string | null;
      errorAfter: string | null;
      name: string;
      options: (FormOption & { id: string })[];
    }
  | { kind: "pick"; id: string; name: string; label: string; help: string; error: string | null; options: FormOption[] }
  | { kind: "note"; text: string }
  | { kind: "group"; legend: string; controls: FormControl[] };

/** What the question form prints (views/admin/designer/question-form.ejs): every text, state and link ready. */
export interface QuestionFormPage {
  title: string;
  heading: string;
  backHref: string;
  problems: ProblemLink[];
  action: string;
  typeError: string | null;
  typeOptions: FormOption[];
  controls: FormControl[];
  /** «Condizione: …» with its link, for an existing question (a new one gets its condition after saving). */
  condition: { text: string; href: string } | null;
  values: FormValues;
  errors: Record<string, string>;
}

/** What the route knows when it shows the form. */
export interface QuestionFormInput {
  draft: DraftSurvey;
  page: DraftPage;
  existing: Question | null;
  type: QuestionType;
  values: FormValues;
  errors: Record<string, string>;
  problems: ProblemLink[];
  /** The questions of the pages before this one (the matrix can take its rows from them). */
  earlier: Question[];
}

const field = (name: string, label: string, fieldKind: "text" | "number" | "checkbox", help = ""): FormControl => ({
  kind: "field",
  name,
  label,
  help,
  fieldKind,
});
const pair = (name: string, legend: string, help = ""): FormControl => ({ kind: "pair", name, legend, help });

function radioOptions(values: FormValues, name: string, options: [string, string][]): (FormOption & { id: string })[] {
  const chosen = values[name] || options[0][0];
  return options.map(([value, label], i) => ({
    id: fieldId(name) + (i ? `-${value}` : ""),
    value,
    label,
    on: chosen === value,
  }));
}

function pick(
  input: QuestionFormInput,
  name: string,
  label: string,
  list: [string, string][],
  help: string,
): FormControl {
  const options = list.map(([value, text]) => ({ value, label: text, on: input.values[name] === value }));
  return { kind: "pick", id: fieldId(name), name, label, help, error: input.errors[name] || null, options };
}

const questionOptions = (questions: Question[]): [string, string][] =>
  questions.map((q) => [q.id, `${q.label.it} (${q.id})`]);

function choiceControls(input: QuestionFormInput, hasCatalogue: boolean): FormControl[] {
  const { type, values, errors } = input;
  const sources: [string, string][] = hasCatalogue
    ? [
        ["list", "Dall'elenco qui sotto"],
        ["catalogue", "Dal catalogo dei servizi del questionario (i servizi attivi)"],
      ]
    : [["list", "Dall'elenco qui sotto"]];
  return [
    {
      kind: "radios",
      legend: "Da dove vengono le scelte",
      errorBefore: null,
      errorAfter: errors.choicesFrom || null,
      name: "source",
      options: radioOptions(values, "source", sources),
    },
    {
      kind: "rows",
      list: "choices",
      legend: "Scelte",
      count: rowCount(values, "choices") + 3,
      withScore: true,
      withExclusive: type === "multi",
    },
  ];
}

function matrixControls(input: QuestionFormInput): FormControl[] {
  const { values, errors } = input;
  return [
    {
      kind: "radios",
      legend: "Righe della griglia",
      errorBefore: errors.rows || null,
      errorAfter: null,
      name: "rows.from",
      options: radioOptions(values, "rows.from", [
        ["list", "Dall'elenco di righe qui sotto"],
        [
          "catalogue",
          "Dal catalogo dei servizi (tutti i servizi attivi, o solo quelli dell'area scelta in una domanda precedente)",
        ],
        [
          "question",
          "Una riga per ogni scelta indicata in una domanda a scelta multipla precedente («per ogni servizio che ha usato»)",
        ],
      ]),
    },
    {
      kind: "rows",
      list: "rows.rows",
      legend: "Elenco delle righe (se le righe vengono dall'elenco)",
      count: rowCount(values, "rows.rows") + 3,
      withScore: false,
      withExclusive: false,
    },
    pick(
      input,
      "rows.areaQuestion",
      "Solo i servizi dell'area indicata nella domanda (righe dal catalogo, facoltativo)",
      questionOptions(input.earlier.filter((q) => q.type === "single")),
      "Una domanda a scelta singola di una pagina precedente, le cui scelte sono le aree del catalogo.",
    ),
    pick(
      input,
      "rows.question",
      "Domanda da cui prendere le righe (righe da una domanda precedente)",
      questionOptions(input.earlier.filter((q) => q.type === "multi")),
      "Solo domande a scelta multipla di pagine precedenti.",
    ),
    {
      kind: "radios",
      legend: "Colonne",
      errorBefore: errors.columns && !errors["columns[0].value"] ? errors.columns : null,
      errorAfter: null,
      name: "columnsKind",
      options: radioOptions(values, "columnsKind", [
        ["columns", "Colonne con nome (elenco qui sotto)"],
        ["scale", "Una scala numerica (campi più sotto)"],
      ]),
    },
    {
      kind: "rows",
      list: "columns",
      legend: "Colonne con nome (almeno due)",
      count: rowCount(values, "columns") + 3,
      withScore: true,
      withExclusive: false,
    },
    {
      kind: "group",
      legend: "Scala numerica delle colonne",
      controls: [
        field("scale.min", "Valore più basso", "number", "Se vuoto, 1."),
        field("scale.max", "Valore più alto", "number"),
        pair("scale.minLabel", "Significato del valore più basso (facoltativo)"),
        pair("scale.maxLabel", "Significato del valore più alto (facoltativo)"),
        field("scale.dontKnow", "Aggiungi la risposta «Non so»", "checkbox"),
      ],
    },
  ];
}

/** The fields that belong to the question's type, in the order the form shows them. */
function typeControls(input: QuestionFormInput): FormControl[] {
  const { type } = input;
  const controls: FormControl[] = [];
  if (type === "single" || type === "multi" || type === "ranking" || type === "maxdiff")
    controls.push(...choiceControls(input, Boolean(input.draft.catalogue)));
  if (type === "single")
    controls.push({
      kind: "radios",
      legend: "Aspetto",
      errorBefore: null,
      errorAfter: null,
      name: "display",
      options: radioOptions(input.values, "display", [
        ["radio", "Pulsanti di scelta, tutti visibili"],
        ["select", "Menu a tendina (per elenchi lunghi)"],
      ]),
    });
  if (type === "single" || type === "multi")
    controls.push(field("other", "Aggiungi «Altro (specificare)» con un campo di testo", "checkbox"));
  if (type === "multi")
    controls.push(
      field("min", "Numero minimo di scelte (facoltativo)", "number"),
      field("max", "Numero massimo di scelte (facoltativo)", "number"),
    );
  if (type === "ranking")
    controls.push(
      field("size", "Quante posizioni ordinare", "number", "Ad esempio 5 per «scelga e ordini i 5 più importanti»."),
      field("min", "Posizioni da compilare almeno (facoltativo)", "number"),
    );
  if (type === "maxdiff")
    controls.push(
      {
        kind: "note",
        text: "Il rispondente vede alcuni gruppi di voci e in ciascuno sceglie la più importante e la meno importante. I gruppi vengono da un disegno bilanciato (ogni voce compare lo stesso numero di volte); le versioni del disegno si alternano tra i rispondenti. Ad esempio, per 32 servizi: 8 gruppi da 4, 10 versioni.",
      },
      field(
        "sets",
        "Quanti gruppi vede ogni rispondente",
        "number",
        "Da 2 a 30. Gruppi × voci per gruppo dovrebbe essere almeno il numero di voci, così ciascuna compare almeno una volta.",
      ),
      field("size", "Quante voci per gruppo", "number", "Da 3 a 7; se vuoto, 4."),
      field(
        "versions",
        "Quante versioni del disegno",
        "number",
        "Da 1 a 99; se vuoto, 10. Ogni versione si stampa a parte per i questionari cartacei.",
      ),
      pair("bestLabel", "Titolo della colonna «più importante» (facoltativo)", "Se vuoto: «Più importante»."),
      pair("worstLabel", "Titolo della colonna «meno importante» (facoltativo)", "Se vuoto: «Meno importante»."),
    );
  if (type === "scale")
    controls.push(
      field("min", "Valore più basso", "number", "Da 0 a 10; se vuoto, 1."),
      field("max", "Valore più alto", "number", "Fino a 11."),
      pair("minLabel", "Significato del valore più basso (facoltativo)", "Ad esempio «Per niente soddisfatto»."),
      pair("maxLabel", "Significato del valore più alto (facoltativo)"),
      field("dontKnow", "Aggiungi la risposta «Non so»", "checkbox"),
    );
  if (type === "matrix") controls.push(...matrixControls(input));
  if (type === "number")
    controls.push(
      field("min", "Valore minimo (facoltativo)", "number"),
      field("max", "Valore massimo (facoltativo)", "number"),
      field("integer", "Solo numeri interi", "checkbox"),
      pair("unit", "Unità di misura (facoltativa)", "Ad esempio «minuti»."),
    );
  if (type === "date")
    controls.push(
      field("min", "Data minima (facoltativa, AAAA-MM-GG)", "text"),
      field("max", "Data massima (facoltativa, AAAA-MM-GG)", "text"),
    );
  if (type === "text" || type === "textarea")
    controls.push(
      field(
        "maxLength",
        "Numero massimo di caratteri",
        "number",
        type === "text" ? "Fino a 1000; se vuoto, 200." : "Fino a 10000; se vuoto, 2000.",
      ),
    );
  return controls;
}

const roleOptions = (): [string, string][] => ANALYSIS_ROLES.map((r) => [r, `${ANALYSIS_ROLE_LABELS[r]} (${r})`]);

/** The question form of a draft, for a new question on a page or an existing one, with its values and errors. */
export function questionFormView(input: QuestionFormInput): QuestionFormPage {
  const { draft, existing, errors } = input;
  const heading = existing ? `Domanda «${existing.id}»` : `Nuova domanda nella pagina «${input.page.title.it}»`;
  const base = `/admin/designer/${draft.id}`;
  return {
    title: (input.problems.length ? "Errore: " : "") + heading,
    heading,
    backHref: base,
    problems: input.problems,
    action: `${base}/${existing ? `domande/${existing.id}` : `pagine/${input.page.id}/nuova-domanda`}`,
    typeError: errors.type || null,
    typeOptions: QUESTION_TYPES.map((t) => ({ value: t.type, label: t.label, on: t.type === input.type })),
    controls: [
      ...typeControls(input),
      pick(
        input,
        "analysis.role",
        "Che cosa misura per il rapporto (facoltativo)",
        roleOptions(),
        "Indica al rapporto come usare le risposte (ad esempio «weighting» per le variabili di ponderazione, «importance» per l'importanza dei servizi).",
      ),
      field("analysis.variable", "Variabile dei margini censuari (solo per «weighting»)", "text"),
    ],
    condition: existing
      ? {
          text: existing.showIf ? "la domanda ha una condizione." : "nessuna, la domanda è sempre mostrata.",
          href: `${base}/domande/${existing.id}/condizione`,
        }
      : null,
    values: input.values,
    errors,
  };
}
