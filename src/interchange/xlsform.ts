import { DEFAULT_PRIVACY, finishImport, idMaker, ImportError, type ImportResult } from "./draft-builder.js";
import { XlsContext } from "./xlsform-context.js";
import { PageStack } from "./xlsform-pages.js";
import { mapRow } from "./xlsform-questions.js";
import { readXlsForm } from "./xlsform-read.js";

export interface XlsFormOptions {
  id?: string;
  /** The file's name, for the title when the settings sheet has none. */
  fileName?: string;
}

/**
 * Imports an XLSForm into a survey definition for a designer draft: groups become pages
 * (xlsform-pages.ts), each row of the survey sheet a question by its type (xlsform-questions.ts), and
 * what has no equivalent is listed with the reason.
 */
export async function importXlsForm(data: Buffer | ArrayBuffer, options: XlsFormOptions = {}): Promise<ImportResult> {
  const sheets = await readXlsForm(data);
  const ctx = new XlsContext(sheets);
  const notes: string[] = [];
  const { it, en } = ctx.labelColumns;
  if (!it || !en) {
    const columns = ctx.surveyKeys.filter((k) => k.toLowerCase().startsWith("label")).join(", ") || "nessuna";
    const missing =
      !it && !en
        ? "Non c'è né l'italiano né l'inglese: è stata usata l'unica lingua disponibile per entrambe."
        : !it
          ? "Manca l'italiano."
          : "Manca l'inglese.";
    notes.push(`Colonne delle etichette: ${columns}. ${missing}`);
  }

  const stack = new PageStack(ctx);
  for (const { line, cells } of sheets.survey) {
    const typeField = (cells.get("type") ?? "").replace(/\s+/g, " ").trim();
    const name = cells.get("name") ?? "";
    const code = name || `riga ${line}`;
    const structural = /^(begin|end)[ _](group|repeat)$/i.exec(typeField);
    if (structural) {
      const kind = structural[2].toLowerCase() as "group" | "repeat";
      if (structural[1].toLowerCase() === "begin") stack.begin(kind, name, code, cells);
      else stack.end();
      continue;
    }
    const [rawType, list, orOther] = typeField.split(" ");
    const type = rawType.toLowerCase();
    if (type) mapRow(ctx, stack, { line, cells, type, rawType, list, orOther, name, code });
  }
  const pages = stack.pages;
  if (!pages.length) throw new ImportError("Nel modulo non c'è nessuna domanda.");

  const formId = sheets.settings.get("form_id") ?? "";
  const fileTitle = options.fileName?.replace(/\.xlsx?$/i, "");
  const surveyId = options.id ?? idMaker("xls")(`xls_${formId || (fileTitle ?? "") || "modulo"}`);
  const titleRaw = sheets.settings.get("form_title") ?? fileTitle ?? surveyId;
  const title = ctx.fill.text(titleRaw, titleRaw, surveyId);
  notes.push(...ctx.fill.notes());
  notes.push("Un XLSForm non ha un'informativa sulla privacy: è stata messa quella predefinita, da rivedere.");
  const json = {
    kind: "survey" as const,
    id: surveyId,
    version: 1,
    status: "open" as const,
    title,
    access: "public" as const,
    draftDays: 30,
    privacy: DEFAULT_PRIVACY,
    pages,
  };
  return finishImport("xlsform", json, ctx.codes, ctx.unmapped, notes);
}
