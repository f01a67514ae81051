import type { Choice, Condition, Text } from "../surveys/schema.js";
import { mapRelevance, type RefTarget } from "./condition-mapping.js";
import { idMaker, LanguageFill, type UnmappedItem, valueMaker } from "./draft-builder.js";
import { ExpressionError } from "./expression.js";
import type { SheetRow, XlsFormSheets } from "./xlsform-read.js";

type Lang = "it" | "en";
type LanguageColumns = { it?: string; en?: string; other?: string };
/** Reads a text from a row, in the two languages; `optional` gives undefined when every column is empty. */
export type TextReader = (row: SheetRow, code: string, optional?: boolean) => Text | undefined;

/** Which column holds each language of a text ("label", "label::Italian (it)", "label::english"). */
export function languageColumns(keys: string[], base: string, defaultLanguage: string): LanguageColumns {
  const langOf = (name: string): Lang | "other" => {
    const n = name.toLowerCase();
    if (/\(it\)|\bital/.test(n) || n === "it") return "it";
    if (/\(en\)|\benglish|\binglese/.test(n) || n === "en") return "en";
    return "other";
  };
  const found: LanguageColumns = {};
  for (const key of keys) {
    const [head, lang] = key.split("::");
    if (head.trim().toLowerCase() !== base) continue;
    const which = lang === undefined ? (defaultLanguage ? langOf(defaultLanguage) : "other") : langOf(lang);
    found[which] ??= key;
  }
  return found;
}

/**
 * What one XLSForm import accumulates while it reads the survey sheet: the texts in the two
 * languages, the choice lists, the ids given, what conditions may refer to, and what could not be
 * carried over.
 */
export class XlsContext {
  readonly fill = new LanguageFill();
  readonly unmapped: UnmappedItem[] = [];
  /** Id in the draft → the XLSForm name (or row) it came from. */
  readonly codes = new Map<string, string>();
  /** XLSForm names → what a condition may refer to. */
  readonly targets = new Map<string, RefTarget>();
  readonly questionId = idMaker("d");
  readonly pageId = idMaker("pagina");
  readonly surveyKeys: string[];
  readonly labelColumns: LanguageColumns;
  readonly label: TextReader;
  readonly hint: TextReader;
  private readonly choiceLabel: TextReader;
  private readonly lists = new Map<string, SheetRow[]>();
  private readonly allNames: Set<string>;

  constructor(readonly sheets: XlsFormSheets) {
    const defaultLanguage = sheets.settings.get("default_language") ?? "";
    this.surveyKeys = [...new Set(sheets.survey.flatMap((r) => [...r.cells.keys()]))];
    const choiceKeys = [...new Set(sheets.choices.flatMap((r) => [...r.keys()]))];
    const reader = (keys: string[], base: string): TextReader => {
      const cols = languageColumns(keys, base, defaultLanguage);
      return (row, code, optional = false) => {
        const it = cols.it ? (row.get(cols.it) ?? "") : "";
        const en = cols.en ? (row.get(cols.en) ?? "") : "";
        const other = cols.other ? (row.get(cols.other) ?? "") : "";
        if (optional && !it && !en && !other) return undefined;
        return it || en ? this.fill.text(it, en, code) : this.fill.text(other, "", code);
      };
    };
    this.labelColumns = languageColumns(this.surveyKeys, "label", defaultLanguage);
    this.label = reader(this.surveyKeys, "label");
    this.hint = reader(this.surveyKeys, "hint");
    this.choiceLabel = reader(choiceKeys, "label");
    for (const row of sheets.choices) {
      const list = row.get("list_name") ?? row.get("list name");
      if (list) this.lists.set(list, [...(this.lists.get(list) ?? []), row]);
    }
    this.allNames = new Set(sheets.survey.map((r) => r.cells.get("name")).filter(Boolean) as string[]);
  }

  /** The choices of a list of the choices sheet, or null when it is missing or empty. */
  choicesOf(list: string): { choices: Choice[]; values: Map<string, string> } | null {
    const rows = this.lists.get(list);
    if (!rows?.length) return null;
    const value = valueMaker();
    const values = new Map<string, string>();
    const choices = rows
      .filter((r) => r.get("name"))
      .map((r) => {
        const name = r.get("name")!;
        const v = value(name);
        values.set(name, v);
        return { value: v, label: this.choiceLabel(r, name)! };
      });
    return choices.length ? { choices, values } : null;
  }

  /** A `relevant` expression as a condition; what can't be converted is listed, and shown always. */
  conditionOf(source: string | undefined, code: string): Condition | undefined {
    if (!source) return undefined;
    // Spreadsheets turn straight quotes into curly ones.
    const straight = source.replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
    try {
      return mapRelevance(straight, (name) => this.resolve(name)) ?? undefined;
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      this.unmapped.push({
        code,
        reason: `condizione «${source}» non convertita (${e.message}): la domanda è sempre mostrata`,
      });
      return undefined;
    }
  }

  private resolve(name: string): RefTarget | string {
    return (
      this.targets.get(name) ??
      (this.allNames.has(name)
        ? `si riferisce a «${name}», che non è stata importata o viene dopo`
        : name === "."
          ? "si riferisce alla domanda stessa"
          : `«${name}» non è una domanda del modulo`)
    );
  }
}
