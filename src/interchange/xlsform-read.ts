import type ExcelJS from "exceljs";
import { ImportError } from "./draft-builder.js";

export type SheetRow = Map<string, string>;

export interface XlsFormSheets {
  survey: { line: number; cells: SheetRow }[];
  choices: SheetRow[];
  settings: SheetRow;
}

/** A cell as text: formulas give their result, links and rich text their text. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value)
      return value.richText
        .map((r) => r.text)
        .join("")
        .trim();
    if ("text" in value && typeof value.text === "string") return value.text.trim();
    if ("result" in value) return value.result === undefined || value.result === null ? "" : cellText(value.result);
    if ("error" in value) return "";
    return "";
  }
  return String(value).trim();
}

function readSheet(sheet: ExcelJS.Worksheet | undefined): { line: number; cells: SheetRow }[] {
  if (!sheet) return [];
  let header: string[] | null = null;
  const out: { line: number; cells: SheetRow }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1).map(cellText);
    if (!header) {
      header = values.map((h) => h.trim());
      return;
    }
    const cells = new Map<string, string>();
    header.forEach((h, i) => {
      if (h && values[i]) cells.set(h, values[i]);
    });
    if (cells.size) out.push({ line, cells });
  });
  return out;
}

const sheetNamed = (wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet | undefined =>
  wb.worksheets.find((s) => s.name.trim().toLowerCase() === name);

/** Reads the survey, choices and settings sheets of an XLSForm (.xlsx). */
export async function readXlsForm(data: Buffer | ArrayBuffer): Promise<XlsFormSheets> {
  // Loaded on first use: exceljs alone is ~30 MB of memory the idle server need not hold.
  const { default: Excel } = await import("exceljs");
  const wb = new Excel.Workbook();
  try {
    await wb.xlsx.load(data as ArrayBuffer);
  } catch (e) {
    throw new ImportError(`Il file non è un foglio Excel .xlsx leggibile: ${(e as Error).message}`);
  }
  const survey = readSheet(sheetNamed(wb, "survey"));
  if (!survey.length)
    throw new ImportError("Il file non ha il foglio «survey» di un XLSForm, oppure il foglio è vuoto.");
  return {
    survey,
    choices: readSheet(sheetNamed(wb, "choices")).map((r) => r.cells),
    settings: readSheet(sheetNamed(wb, "settings"))[0]?.cells ?? new Map(),
  };
}
