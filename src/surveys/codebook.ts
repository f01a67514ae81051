import { surveyColumns, type ColumnSpec } from "./csv-format.js";
import { kindOf } from "./kinds/index.js";
import { suffixed } from "./kinds/kind.js";
import type { LoadedSurvey } from "./loader.js";
import { findQuestion } from "./options.js";
import type { Choice, Text } from "./schema.js";
import { CHANNEL_LABELS, CHANNELS } from "./vocabulary.js";

/** The data dictionary of the response CSV: one entry per column, in the CSV's order. */
export interface CodebookEntry {
  column: string;
  questionId: string;
  type: string;
  label: Text;
  values: { value: string; label: Text }[];
  note: string;
  role: string;
  versions: number[];
}

const CHANNEL_CHOICES: Choice[] = CHANNELS.map((value) => ({ value, label: CHANNEL_LABELS[value] }));

export function codebook(versions: LoadedSurvey[], answered?: ReadonlySet<string>): CodebookEntry[] {
  const all = versions.map((v) => v.definition.version).sort((a, b) => a - b);
  const fixed = (
    column: string,
    type: string,
    it: string,
    en: string,
    note: string,
    values: Choice[] = [],
  ): CodebookEntry => ({
    column,
    questionId: "",
    type,
    label: { it, en },
    values,
    note,
    role: "",
    versions: all,
  });
  const entries: CodebookEntry[] = [
    fixed("response_id", "id", "Identificativo casuale della risposta", "Random response identifier", "UUID"),
    fixed(
      "survey_version",
      "number",
      "Versione del questionario compilata",
      "Questionnaire version answered",
      all.join(" "),
    ),
    fixed("channel", "single", "Canale di raccolta", "Collection channel", "", CHANNEL_CHOICES),
    fixed("submitted_at", "datetime", "Data e ora di invio (UTC)", "Date and time sent (UTC)", "ISO 8601"),
  ];
  for (const column of surveyColumns(versions, answered)) entries.push(describe(column, versions));
  entries.push(
    fixed(
      "synthetic",
      "flag",
      "Risposta simulata (dati di prova)",
      "Simulated response (test data)",
      "solo se l'esportazione contiene dati simulati",
      [
        { value: "0", label: { it: "Risposta reale", en: "Real response" } },
        { value: "1", label: { it: "Dati simulati", en: "Simulated data" } },
      ],
    ),
  );
  return entries;
}

function describe(column: ColumnSpec, versions: LoadedSurvey[]): CodebookEntry {
  // Wording may change between versions, meaning may not: the latest version that has the column speaks.
  const latest = versions.find((v) => v.definition.version === column.versions[column.versions.length - 1])!;
  const q = findQuestion(latest.definition, column.questionId)!;
  const base = { column: column.key, questionId: q.id, role: q.analysis?.role ?? "", versions: column.versions };
  if (column.part === "other") {
    return {
      ...base,
      type: "text",
      label: suffixed(q.label, { it: "altro, specificare", en: "other, please specify" }),
      values: [],
      note: "testo libero (al massimo 200 caratteri)",
    };
  }
  return { ...base, ...kindOf(q).codebook(q, column, latest) };
}
