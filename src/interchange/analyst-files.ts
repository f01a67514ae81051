import { PassThrough } from "node:stream";
import { stringify } from "csv-stringify/sync";
import { neutralise } from "../surveys/csv-format.js";
import { YIELD_EVERY, yieldToEventLoop } from "./cooperative.js";
import { DATA_FILE, rScript, spssSyntax, stataDo, stringWidths } from "./stats-syntax.js";
import type { Variable } from "./variables.js";

export const ANALYST_FORMATS = ["csv-it", "xlsx", "spss", "stata", "r", "datapackage"] as const;
export type AnalystFormat = (typeof ANALYST_FORMATS)[number];

export interface ExportTable {
  title: string;
  surveyId: string;
  variables: Variable[];
  rows: (string | number | null)[][];
  generatedAt: string;
}

/** The files of a format, by name: one file, or several for a folder (or a zip on the web). */
export type ExportFiles = Map<string, Buffer>;

const cell = (value: string | number | null): string => (value === null ? "" : String(value));

/** The data as plain CSV (comma, point, UTF-8, no BOM): what SPSS, Stata and R read. */
export function dataCsv(table: ExportTable): Buffer {
  return Buffer.from(
    stringify([table.variables.map((v) => v.name), ...table.rows.map((r) => r.map(cell))], { record_delimiter: "\n" }),
  );
}

/** The codebook as rows: one per variable, with the key it comes from and the value labels. */
export function codebookRows(table: ExportTable): string[][] {
  const header = [
    "variable",
    "key",
    "question",
    "type",
    "storage",
    "level",
    "label_it",
    "label_en",
    "values_it",
    "values_en",
    "missing",
    "note",
  ];
  const labels = (v: Variable, lang: "it" | "en"): string =>
    v.values.map((x) => `${x.code}=${x.label[lang]}`).join(" | ");
  return [
    header,
    ...table.variables.map((v) => [
      v.name,
      v.key,
      v.questionId,
      v.type,
      v.storage,
      v.level,
      v.label.it,
      v.label.en,
      labels(v, "it"),
      labels(v, "en"),
      v.missing.map((m) => m.code).join(" "),
      v.note,
    ]),
  ];
}

/**
 * The response CSV in the Italian Excel dialect: `;` between cells, a decimal comma in numbers,
 * a byte-order mark and CRLF, so that Excel with Italian settings opens it in columns.
 */
export function italianCsv(header: string[], rows: string[][]): Buffer {
  const decimal = (c: string): string => (/^-?\d+\.\d+$/.test(c) ? c.replace(".", ",") : c);
  return Buffer.from(
    stringify([header, ...rows.map((r) => r.map(decimal))], { delimiter: ";", bom: true, record_delimiter: "\r\n" }),
  );
}

/**
 * The workbook, written with exceljs's streaming writer: each row is committed as it is added, so
 * memory holds the output, not a model of every cell (the in-memory workbook took 2 GB and minutes
 * for 5,000 responses of the citizen questionnaire).
 */
async function workbook(table: ExportTable): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    stream.on("end", resolve);
    stream.on("error", reject);
  });
  // Loaded on first use: exceljs alone is ~30 MB of memory the idle server need not hold.
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  wb.creator = "Sportello";
  wb.created = new Date(table.generatedAt);
  const text = (c: string | number | null): string | number | null => (typeof c === "string" ? neutralise(c) : c);
  const sheet = async (
    name: string,
    header: (string | number)[],
    rows: Iterable<(string | number | null)[]>,
  ): Promise<void> => {
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
    const head = ws.addRow(header.map((h) => (typeof h === "string" ? neutralise(h) : h)));
    head.font = { bold: true };
    head.commit();
    let n = 0;
    for (const row of rows) {
      ws.addRow(row.map(text)).commit();
      if (++n % YIELD_EVERY === 0) await yieldToEventLoop();
    }
    ws.commit();
  };
  await sheet(
    "dati",
    table.variables.map((v) => v.name),
    table.rows,
  );
  const labelled = function* (): Generator<(string | number | null)[]> {
    for (const row of table.rows) {
      yield row.map((c, i) =>
        typeof c === "number" ? (table.variables[i].values.find((x) => x.code === c)?.label.it ?? c) : c,
      );
    }
  };
  await sheet(
    "etichette_dati",
    table.variables.map((v) => v.label.it.slice(0, 250)),
    labelled(),
  );
  const labels = function* (): Generator<(string | number | null)[]> {
    for (const v of table.variables)
      for (const x of v.values)
        yield [v.name, x.code, x.value, x.label.it, x.label.en, v.missing.some((m) => m.code === x.code) ? "sì" : ""];
  };
  await sheet("etichette", ["variabile", "codice", "valore", "etichetta_it", "etichetta_en", "mancante"], labels());
  const [bookHeader, ...bookRows] = codebookRows(table);
  await sheet("codebook", bookHeader, bookRows);
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}

const FIELD_TYPE = (v: Variable): string =>
  v.storage === "string"
    ? v.key === "submitted_at"
      ? "datetime"
      : "string"
    : v.source.kind === "number" || v.source.kind === "weight"
      ? "number"
      : "integer";

/** A Frictionless Data Package: datapackage.json with the table schema (and value labels), the data and the codebook. */
export function dataPackage(
  table: ExportTable,
  extra: { name: string; title: string; path: string; schema: object }[] = [],
): object {
  return {
    profile: "tabular-data-package",
    name: table.surveyId.replace(/_/g, "-"),
    title: table.title,
    created: table.generatedAt,
    licenses: [
      {
        name: "CC-BY-4.0",
        path: "https://creativecommons.org/licenses/by/4.0/",
        title: "Creative Commons Attribution 4.0",
      },
    ],
    resources: [
      {
        name: "dati",
        path: DATA_FILE,
        profile: "tabular-data-resource",
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        dialect: { delimiter: ",", header: true },
        schema: {
          missingValues: [""],
          primaryKey: "response_id",
          fields: table.variables.map((v) => ({
            name: v.name,
            type: FIELD_TYPE(v),
            title: v.label.it,
            description: `${v.label.en}${v.note ? ` (${v.note})` : ""}; chiave: ${v.key}`,
            ...(v.values.length
              ? {
                  categories: v.values.map((x) => ({ value: x.code, label: x.label.it })),
                  constraints: { enum: v.values.map((x) => x.code) },
                }
              : {}),
            ...(v.missing.length ? { missingValues: ["", ...v.missing.map((m) => String(m.code))] } : {}),
          })),
        },
      },
      {
        name: "codebook",
        path: "codebook.csv",
        profile: "tabular-data-resource",
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
      },
      ...extra.map((e) => ({
        name: e.name,
        title: e.title,
        path: e.path,
        profile: "tabular-data-resource",
        format: "csv",
        mediatype: "text/csv",
        encoding: "utf-8",
        schema: e.schema,
      })),
    ],
  };
}

/** Every file of a format other than the plain and Italian CSV (which come from the response CSV). */
export async function analystFiles(format: Exclude<AnalystFormat, "csv-it">, table: ExportTable): Promise<ExportFiles> {
  const files: ExportFiles = new Map();
  const title = `${table.title} (${table.surveyId})`;
  if (format === "xlsx") {
    files.set(`${table.surveyId}.xlsx`, await workbook(table));
    return files;
  }
  files.set(DATA_FILE, dataCsv(table));
  if (format === "spss")
    files.set(
      `${table.surveyId}.sps`,
      Buffer.from(spssSyntax(table.variables, stringWidths(table.variables, table.rows), title)),
    );
  if (format === "stata") files.set(`${table.surveyId}.do`, Buffer.from(stataDo(table.variables, title)));
  if (format === "r") files.set(`${table.surveyId}.R`, Buffer.from(rScript(table.variables, title)));
  if (format === "datapackage") {
    files.set("codebook.csv", Buffer.from(stringify(codebookRows(table))));
    files.set("datapackage.json", Buffer.from(`${JSON.stringify(dataPackage(table), null, 2)}\n`));
  }
  return files;
}
