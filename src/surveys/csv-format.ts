import { kindOf } from "./kinds/index.js";
import { CHANNELS, type Channel } from "./vocabulary.js";
import type { LoadedSurvey } from "./loader.js";
import { allQuestions, type Answers } from "./options.js";

/**
 * The response CSV (docs/csv-format.md): the pure mapping between stored
 * responses and CSV rows, shared by the export, the import and the codebook. No I/O here.
 */

export const FIXED_COLUMNS = ["response_id", "survey_version", "channel", "submitted_at"] as const;
/** Added as the last column only when the exported responses include synthetic ones. */
export const SYNTHETIC_COLUMN = "synthetic";

/** One answer column: a question, one row of a matrix, or the "other" text of a choice question. */
export interface ColumnSpec {
  key: string;
  questionId: string;
  part: "value" | "row" | "other" | "maxdiff";
  /** The matrix row value, for `part: "row"`. */
  row?: string;
  /** The published versions in which the column exists, ascending. */
  versions: number[];
}

/**
 * The answer columns of one version, in definition order. A matrix has a column for every
 * row its definition can produce; retired services only when `answered` says some response
 * has them (or always, when `answered` is not given: what an import may accept).
 */
export function versionColumns(survey: LoadedSurvey, answered?: ReadonlySet<string>): Omit<ColumnSpec, "versions">[] {
  const columns: Omit<ColumnSpec, "versions">[] = [];
  for (const q of allQuestions(survey.definition)) columns.push(...kindOf(q).columns(q, survey, answered));
  return columns;
}

/**
 * The union of the columns of every version, so that older responses fit: the latest version's
 * order, with a column only older versions have placed after the column that preceded it there.
 */
export function surveyColumns(versions: LoadedSurvey[], answered?: ReadonlySet<string>): ColumnSpec[] {
  const sorted = [...versions].sort((a, b) => b.definition.version - a.definition.version);
  const merged: ColumnSpec[] = [];
  const byKey = new Map<string, ColumnSpec>();
  for (const survey of sorted) {
    let previous = -1;
    for (const column of versionColumns(survey, answered)) {
      const known = byKey.get(column.key);
      if (known) {
        known.versions.unshift(survey.definition.version);
        previous = merged.indexOf(known);
        continue;
      }
      const spec: ColumnSpec = { ...column, versions: [survey.definition.version] };
      merged.splice(previous + 1, 0, spec);
      byKey.set(spec.key, spec);
      previous += 1;
    }
  }
  return merged;
}

export function csvHeader(columns: ColumnSpec[], withSynthetic: boolean): string[] {
  return [...FIXED_COLUMNS, ...columns.map((c) => c.key), ...(withSynthetic ? [SYNTHETIC_COLUMN] : [])];
}

export interface CsvResponse {
  id: string;
  surveyVersion: number;
  channel: string;
  submittedAt: string;
  synthetic: boolean;
  answers: Answers;
}

export function responseRow(columns: ColumnSpec[], response: CsvResponse, withSynthetic: boolean): string[] {
  const row = [response.id, String(response.surveyVersion), response.channel, response.submittedAt];
  for (const c of columns) row.push(neutralise(response.answers[c.key] ?? ""));
  if (withSynthetic) row.push(response.synthetic ? "1" : "0");
  return row;
}

/**
 * A spreadsheet runs a cell starting with = + - @ tab or CR as a formula (CSV injection), so such
 * a cell gets a leading apostrophe. A cell already starting with an apostrophe gets one too, so
 * that `restore` can remove exactly one and the round trip is exact. Plain numbers ("-3") stay.
 */
export function neutralise(cell: string): string {
  if (/^-?\d+(\.\d+)?$/.test(cell)) return cell;
  return /^[=+\-@\t\r']/.test(cell) ? `'${cell}` : cell;
}

export function restore(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/** Problems with the header row: missing fixed columns, unknown or repeated columns. */
export function checkHeader(header: string[], allowed: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const name of FIXED_COLUMNS) if (!header.includes(name)) problems.push(`manca la colonna «${name}»`);
  const seen = new Set<string>();
  for (const name of header) {
    if (seen.has(name)) problems.push(`la colonna «${name}» è ripetuta`);
    seen.add(name);
    if (!(FIXED_COLUMNS as readonly string[]).includes(name) && name !== SYNTHETIC_COLUMN && !allowed.has(name)) {
      problems.push(`la colonna «${name}» non corrisponde a nessuna domanda del questionario`);
    }
  }
  return problems;
}

export interface ParsedRow {
  responseId: string;
  surveyVersion: number;
  channel: Channel;
  submittedAt: string;
  synthetic: boolean;
  answers: Answers;
}

/**
 * One data row → a response, or the reasons it can't be one. The answers are not checked
 * against the questionnaire here (the caller runs the rule book, validateAnswers).
 * An empty response_id means "assign a new one"; the caller does.
 */
export function parseRow(
  header: string[],
  cells: string[],
): { ok: true; row: ParsedRow } | { ok: false; problems: string[] } {
  if (cells.length !== header.length) {
    return { ok: false, problems: [`la riga ha ${cells.length} campi invece di ${header.length}`] };
  }
  const problems: string[] = [];
  const { at, answerColumns } = layoutOf(header);
  const get = (name: string): string => cells[at.get(name) ?? -1] ?? "";
  const responseId = get("response_id").trim().toLowerCase();
  if (responseId && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(responseId)) {
    problems.push(`response_id «${get("response_id")}» non è un identificativo valido (UUID)`);
  }
  const versionText = get("survey_version").trim();
  const surveyVersion = /^[1-9]\d{0,5}$/.test(versionText) ? Number(versionText) : NaN;
  if (Number.isNaN(surveyVersion)) problems.push(`survey_version «${versionText}» non è un numero di versione`);
  const channel = get("channel").trim();
  if (!(CHANNELS as readonly string[]).includes(channel))
    problems.push(`channel «${channel}» non è tra ${CHANNELS.join(", ")}`);
  const submittedAt = isoInstant(get("submitted_at").trim());
  if (!submittedAt)
    problems.push(
      `submitted_at «${get("submitted_at")}» non è una data e ora ISO 8601 (ad esempio 2025-03-31T10:15:00Z)`,
    );
  let synthetic = false;
  if (at.has(SYNTHETIC_COLUMN)) {
    const flag = get(SYNTHETIC_COLUMN).trim();
    if (!["", "0", "1"].includes(flag)) problems.push(`synthetic «${flag}» deve essere 0 o 1`);
    synthetic = flag === "1";
  }
  const answers: Answers = {};
  for (const i of answerColumns) {
    const value = restore(cells[i]);
    if (value !== "") answers[header[i]] = value;
  }
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    row: { responseId, surveyVersion, channel: channel as Channel, submittedAt: submittedAt!, synthetic, answers },
  };
}

const layouts = new WeakMap<string[], { at: Map<string, number>; answerColumns: number[] }>();

/**
 * Where each column of a header is (its first occurrence, as indexOf finds it) and which columns hold
 * answers: worked out once per header, not once per row of a town-sized file.
 */
function layoutOf(header: string[]): { at: Map<string, number>; answerColumns: number[] } {
  let layout = layouts.get(header);
  if (!layout) {
    const at = new Map<string, number>();
    const answerColumns: number[] = [];
    header.forEach((name, i) => {
      if (!at.has(name)) at.set(name, i);
      if (!(FIXED_COLUMNS as readonly string[]).includes(name) && name !== SYNTHETIC_COLUMN) answerColumns.push(i);
    });
    layouts.set(header, (layout = { at, answerColumns }));
  }
  return layout;
}

/**
 * Why a submission time can't be true: more than a day in the future (a wrong year, 9999, a clock
 * gone wild) or before 2000; null when plausible. An implausible date would sit first or last in
 * every list and in the counts by day for ever.
 */
export function implausibleSubmission(iso: string, now: Date): string | null {
  if (Date.parse(iso) > now.getTime() + 86_400_000)
    return `submitted_at «${iso}» è nel futuro: controlli l'anno e il fuso orario`;
  if (iso < "2000-01-01") return `submitted_at «${iso}» è precedente al 2000: non è una data plausibile`;
  return null;
}

/** A date and time with a zone, normalised to the form the database stores (toISOString). */
export function isoInstant(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return null;
  // Date would roll 30 February over to March: the calendar day must exist as written.
  const day = new Date(`${text.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== text.slice(0, 10) || +text.slice(11, 13) > 23)
    return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
