import { randomUUID } from "node:crypto";
import Papa from "papaparse";
import type { AuditRecord } from "../audit/entry.js";
import type { NewResponse } from "../responses/records.js";
import { checkHeader, implausibleSubmission, parseRow, surveyColumns, type ParsedRow } from "../surveys/csv-format.js";
import type { LoadedSurvey } from "../surveys/loader.js";
import type { SurveyRegistry } from "../surveys/registry.js";
import { validateAnswers } from "../surveys/validate.js";
import { surveyVersions } from "./export.service.js";
import { counted } from "../format/wording.js";

/** A row that can't be imported: its number as a spreadsheet shows it (the header is row 1). */
export interface ImportProblem {
  row: number;
  reason: string;
}

export type ImportResult = { ok: true; count: number } | { ok: false; problems: ImportProblem[] };

/** Where an import stores (the storage boundary's responses, on either engine). */
export interface ImportTarget {
  /** Of these ids, those already stored. */
  existingIds(ids: readonly string[]): Promise<string[]>;
  /**
   * Stores every response with the audit line (or lines: the demo writes one per survey), all in one
   * transaction, or none: "duplicate" when one of the ids was stored meanwhile (by a racing import).
   */
  insertAll(rows: NewResponse[], audit: AuditRecord | readonly AuditRecord[]): Promise<"stored" | "duplicate">;
}

/**
 * Imports a response CSV (docs/csv-format.md) all or nothing: every row is checked first (format, version,
 * duplicates, and the questionnaire's own rule book, validateAnswers), and only a file without a
 * single problem is stored, in one transaction (the answers validated once, by the same rule book as
 * every other channel). The checking yields to the event loop between chunks of rows.
 */
export async function importResponsesCsv(
  target: ImportTarget,
  registry: SurveyRegistry,
  surveyId: string,
  text: string,
  username: string,
  now: Date = new Date(),
): Promise<ImportResult> {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { delimiter: ",", skipEmptyLines: true });
  const problems: ImportProblem[] = parsed.errors.map((e) => ({
    row: (e.row ?? 0) + 1,
    reason: `il testo CSV non è leggibile: ${e.message}`,
  }));
  if (problems.length) return { ok: false, problems };
  const [header, ...rows] = parsed.data;
  if (!header || rows.length === 0)
    return {
      ok: false,
      problems: [
        { row: 1, reason: "il file non contiene risposte (serve la riga di intestazione e almeno una riga di dati)" },
      ],
    };

  const versions = surveyVersions(registry, surveyId);
  const allowed = new Set(surveyColumns(versions).map((c) => c.key));
  const headerProblems = checkHeader(header, allowed);
  if (headerProblems.length) return { ok: false, problems: headerProblems.map((reason) => ({ row: 1, reason })) };

  const accepted: { row: number; survey: LoadedSurvey; data: ParsedRow }[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < rows.length; i++) {
    // Checking is most of an import's time: give the event loop back every few hundred rows,
    // so citizens' pages and sendings are served while a town-sized file is read.
    if (i > 0 && i % CHECK_CHUNK === 0) await new Promise((resolve) => setImmediate(resolve));
    const row = i + 2;
    const result = checkRow(registry, surveyId, header, rows[i], allowed, now);
    if (!result.ok) {
      problems.push(...result.problems.map((reason) => ({ row, reason })));
      continue;
    }
    const id = result.data.responseId;
    if (id && seen.has(id)) {
      problems.push({ row, reason: `response_id ripetuto: compare già alla riga ${seen.get(id)}` });
      continue;
    }
    if (id) seen.set(id, row);
    accepted.push({ row, ...result });
  }
  const existing = new Set(await target.existingIds([...seen.keys()]));
  for (const { row, data } of accepted) {
    if (existing.has(data.responseId))
      problems.push({ row, reason: "response_id già presente: questa risposta è già stata registrata" });
  }
  if (problems.length) return { ok: false, problems: problems.sort((a, b) => a.row - b.row) };

  // One write transaction, all or nothing; the answers were validated above (checkRow), once.
  const responses = byResponseId(accepted).map(({ survey, data }): NewResponse => ({
    id: data.responseId || randomUUID(),
    surveyId: survey.definition.id,
    surveyVersion: survey.definition.version,
    channel: data.channel,
    lang: "it",
    startedAt: null,
    submittedAt: data.submittedAt,
    synthetic: data.synthetic,
    answers: data.answers,
  }));
  const stored = await target.insertAll(responses, {
    username,
    action: "risposte.importate",
    target: surveyId,
    details: counted(accepted.length, "risposta", "risposte"),
  });
  if (stored === "duplicate")
    return {
      ok: false,
      problems: [
        { row: 1, reason: "alcune risposte sono state registrate nel frattempo: ricarichi la pagina e riprovi" },
      ],
    };
  return { ok: true, count: accepted.length };
}

const CHECK_CHUNK = 250;

/** Rows with a response id in id order, then those without (which get a new one), in file order. */
function byResponseId<T extends { data: ParsedRow }>(rows: T[]): T[] {
  const id = (r: T): string => r.data.responseId ?? "";
  const withId = rows.filter((r) => id(r) !== "").sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
  return [...withId, ...rows.filter((r) => id(r) === "")];
}

type RowCheck = { ok: true; survey: LoadedSurvey; data: ParsedRow } | { ok: false; problems: string[] };

function checkRow(
  registry: SurveyRegistry,
  surveyId: string,
  header: string[],
  cells: string[],
  columns: ReadonlySet<string>,
  now: Date,
): RowCheck {
  const parsed = parseRow(header, cells);
  if (!parsed.ok) return parsed;
  const data = parsed.row;
  const implausible = implausibleSubmission(data.submittedAt, now);
  if (implausible) return { ok: false, problems: [implausible] };
  const survey = registry.version(surveyId, data.surveyVersion);
  if (!survey)
    return { ok: false, problems: [`la versione ${data.surveyVersion} del questionario non è mai stata pubblicata`] };
  const checked = validateAnswers(survey, data.answers, "it");
  if (!checked.ok) {
    // A ranking's error names a position field (classifica/2): the file's column is the question.
    return {
      ok: false,
      problems: checked.page.errors.map(
        (e) => `colonna «${columns.has(e.field) ? e.field : e.question}»: ${e.message}`,
      ),
    };
  }
  // The rule book drops answers to questions that were not asked: in a file that is an error, not a silent loss.
  const dropped = Object.keys(data.answers).filter((key) => !(key in checked.answers));
  if (dropped.length) {
    return {
      ok: false,
      problems: dropped.map(
        (key) =>
          `colonna «${key}»: questa risposta non è prevista (la domanda non è posta con le risposte date, o non esiste nella versione ${data.surveyVersion})`,
      ),
    };
  }
  return { ok: true, survey, data: { ...data, answers: checked.answers } };
}
