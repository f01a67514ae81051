import { codebook } from "../surveys/codebook.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import { DONT_KNOW, type Text } from "../surveys/schema.js";
import type { CsvResponse } from "../surveys/csv-format.js";
import { assignNames } from "./variable-names.js";

/** The code a «non so» answer gets on a numeric scale, declared as a missing value. */
export const DONT_KNOW_CODE = 99;
export const WEIGHT_VARIABLE = "peso";

export interface ValueLabel {
  code: number;
  value: string;
  label: Text;
}

/** One column of the analysts' files (SPSS, Stata, R, Excel, Data Package). */
export interface Variable {
  name: string;
  /** The response CSV column it comes from (`q`, `q/row`, `q/other`), or a fixed column. */
  key: string;
  label: Text;
  storage: "numeric" | "string";
  level: "nominal" | "ordinal" | "scale";
  /** Coded values with their labels (numeric storage). */
  values: ValueLabel[];
  /** Codes that mean «no valid answer» (declared as missing values). */
  missing: ValueLabel[];
  /** How a cell is made from the answers. */
  source:
    | { kind: "fixed"; field: "response_id" | "survey_version" | "channel" | "submitted_at" | "synthetic" }
    | { kind: "coded"; key: string }
    | { kind: "scale"; key: string }
    | { kind: "number"; key: string }
    | { kind: "string"; key: string }
    | { kind: "choice"; key: string; value: string }
    | { kind: "rank"; key: string; value: string }
    | { kind: "weight" };
  questionId: string;
  type: string;
  note: string;
}

/** A response as the analysts' exports read it: the same shape as a row of the response CSV. */
export type ExportResponse = CsvResponse;

const CHOSEN: ValueLabel[] = [
  { code: 0, value: "0", label: { it: "Non scelto", en: "Not chosen" } },
  { code: 1, value: "1", label: { it: "Scelto", en: "Chosen" } },
];

const suffixed = (label: Text, part: Text): Text => ({
  it: `${label.it} — ${part.it}`,
  en: `${label.en} — ${part.en}`,
});

/**
 * The variables of a survey's export, in the order of the response CSV: the codebook's columns,
 * a multiple choice as one 0/1 variable per choice, a ranking as one position variable per choice,
 * coded choices as integers 1..n with value labels, «non so» as 99 declared missing.
 */
export function exportVariables(
  versions: LoadedSurvey[],
  answered: ReadonlySet<string>,
  options: { synthetic: boolean; weights: boolean },
): Variable[] {
  const draft: Omit<Variable, "name">[] = [];
  for (const entry of codebook(versions, answered)) {
    const base = {
      key: entry.column,
      label: entry.label,
      questionId: entry.questionId,
      type: entry.type,
      note: entry.note,
      missing: [] as ValueLabel[],
    };
    const coded = (): ValueLabel[] => entry.values.map((v, i) => ({ code: i + 1, value: v.value, label: v.label }));
    switch (entry.column) {
      case "response_id":
      case "submitted_at":
        draft.push({
          ...base,
          storage: "string",
          level: "nominal",
          values: [],
          source: { kind: "fixed", field: entry.column },
        });
        continue;
      case "survey_version":
        draft.push({
          ...base,
          storage: "numeric",
          level: "nominal",
          values: [],
          source: { kind: "fixed", field: "survey_version" },
        });
        continue;
      case "channel":
        draft.push({
          ...base,
          storage: "numeric",
          level: "nominal",
          values: coded(),
          source: { kind: "fixed", field: "channel" },
        });
        continue;
      case "synthetic":
        if (options.synthetic)
          draft.push({
            ...base,
            storage: "numeric",
            level: "nominal",
            values: entry.values.map((v) => ({ code: Number(v.value), value: v.value, label: v.label })),
            source: { kind: "fixed", field: "synthetic" },
          });
        continue;
    }
    if (entry.type === "multi" || entry.type === "ranking") {
      for (const choice of entry.values) {
        // The «other» box has its own 0/1 variable; `q/other` is already the column of its text.
        const key = choice.value === "other" ? `${entry.column}/other/chosen` : `${entry.column}/${choice.value}`;
        const label = suffixed(entry.label, choice.label);
        if (entry.type === "multi")
          draft.push({
            ...base,
            key,
            label,
            storage: "numeric",
            level: "nominal",
            values: CHOSEN,
            source: { kind: "choice", key: entry.column, value: choice.value },
          });
        else
          draft.push({
            ...base,
            key,
            label,
            storage: "numeric",
            level: "ordinal",
            values: [],
            note: "posizione in classifica (1 = prima); vuoto se non scelto",
            source: { kind: "rank", key: entry.column, value: choice.value },
          });
      }
      continue;
    }
    const points = entry.values.filter((v) => v.value !== DONT_KNOW);
    const numericPoints = points.length > 0 && points.every((v) => /^\d+$/.test(v.value));
    if ((entry.type === "scale" || entry.type === "rating" || entry.type === "matrix") && numericPoints) {
      const dontKnow = entry.values.find((v) => v.value === DONT_KNOW);
      const missing = dontKnow ? [{ code: DONT_KNOW_CODE, value: DONT_KNOW, label: dontKnow.label }] : [];
      draft.push({
        ...base,
        storage: "numeric",
        level: "ordinal",
        values: [...points.map((v) => ({ code: Number(v.value), value: v.value, label: v.label })), ...missing],
        missing,
        source: { kind: "scale", key: entry.column },
      });
    } else if (entry.values.length) {
      draft.push({
        ...base,
        storage: "numeric",
        level: "nominal",
        values: coded(),
        source: { kind: "coded", key: entry.column },
      });
    } else if (entry.type === "number" || entry.type === "maxdiff_version") {
      draft.push({
        ...base,
        storage: "numeric",
        level: "scale",
        values: [],
        source: { kind: "number", key: entry.column },
      });
    } else {
      draft.push({
        ...base,
        storage: "string",
        level: "nominal",
        values: [],
        source: { kind: "string", key: entry.column },
      });
    }
  }
  if (options.weights) {
    draft.push({
      key: WEIGHT_VARIABLE,
      label: {
        it: "Peso di ponderazione (raking ai margini di censimento)",
        en: "Weight (raked to the census margins)",
      },
      questionId: "",
      type: "weight",
      note: "pesi del rapporto; vuoto per chi il rapporto non usa",
      storage: "numeric",
      level: "scale",
      values: [],
      missing: [],
      source: { kind: "weight" },
    });
  }
  const names = assignNames(draft.map((v) => v.key));
  return draft.map((v) => ({ ...v, name: names.get(v.key)! }));
}

/** One data row: numbers for numeric variables, text for strings, null for nothing (system missing). */
export function exportRow(
  variables: Variable[],
  response: ExportResponse,
  weight: number | undefined,
): (string | number | null)[] {
  return variables.map((v) => {
    const s = v.source;
    switch (s.kind) {
      case "fixed":
        if (s.field === "response_id") return response.id;
        if (s.field === "submitted_at") return response.submittedAt;
        if (s.field === "survey_version") return response.surveyVersion;
        if (s.field === "synthetic") return response.synthetic ? 1 : 0;
        return v.values.find((x) => x.value === response.channel)?.code ?? null;
      case "weight":
        return weight ?? null;
      default: {
        const raw = response.answers[s.key];
        if (raw === undefined || raw === "") return null;
        if (s.kind === "coded") return v.values.find((x) => x.value === raw)?.code ?? null;
        if (s.kind === "scale") return raw === DONT_KNOW ? DONT_KNOW_CODE : Number(raw);
        if (s.kind === "number") return Number.isFinite(Number(raw)) ? Number(raw) : null;
        if (s.kind === "string") return raw.replace(/[\r\n]+/g, " ");
        const values = raw.split(" ");
        if (s.kind === "choice") return values.includes(s.value) ? 1 : 0;
        const at = values.indexOf(s.value);
        return at < 0 ? null : at + 1;
      }
    }
  });
}
