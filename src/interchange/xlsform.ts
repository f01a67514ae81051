import type { Choice, Condition, Page, Question, Text } from "../surveys/schema.js";
import { mapRelevance, type RefTarget } from "./condition-mapping.js";
import { DEFAULT_PRIVACY, finishImport, idMaker, ImportError, type ImportResult, LanguageFill, type UnmappedItem, valueMaker } from "./draft-builder.js";
import { ExpressionError } from "./expression.js";
import { readXlsForm, type SheetRow } from "./xlsform-read.js";

/** Types that collect what the device knows, not an answer. */
const METADATA = new Set(["start", "end", "today", "deviceid", "uri:deviceid", "username", "simserial", "subscriberid", "phonenumber", "email", "audit", "start-geopoint", "background-geopoint", "calculate", "hidden", "xml-external", "csv-external"]);
const UNSUPPORTED: Record<string, string> = {
  geopoint: "la posizione GPS", geotrace: "un percorso GPS", geoshape: "un'area GPS", image: "una foto", audio: "una registrazione audio",
  video: "un video", "background-audio": "una registrazione audio", file: "un file", barcode: "un codice a barre", time: "un orario",
  datetime: "data e ora insieme", acknowledge: "una conferma", trigger: "una conferma",
};

export interface XlsFormOptions {
  id?: string;
  /** The file's name, for the title when the settings sheet has none. */
  fileName?: string;
}

type Lang = "it" | "en";

/** Which column holds each language of a text ("label", "label::Italian (it)", "label::english"). */
function languageColumns(keys: string[], base: string, defaultLanguage: string): { it?: string; en?: string; other?: string } {
  const langOf = (name: string): Lang | "other" => {
    const n = name.toLowerCase();
    if (/\(it\)|\bital/.test(n) || n === "it") return "it";
    if (/\(en\)|\benglish|\binglese/.test(n) || n === "en") return "en";
    return "other";
  };
  const found: { it?: string; en?: string; other?: string } = {};
  for (const key of keys) {
    const [head, lang] = key.split("::");
    if (head.trim().toLowerCase() !== base) continue;
    const which = lang === undefined ? (defaultLanguage ? langOf(defaultLanguage) : "other") : langOf(lang);
    found[which] ??= key;
  }
  return found;
}

/** Imports an XLSForm into a survey definition for a designer draft. */
export async function importXlsForm(data: Buffer | ArrayBuffer, options: XlsFormOptions = {}): Promise<ImportResult> {
  const sheets = await readXlsForm(data);
  const fill = new LanguageFill();
  const unmapped: UnmappedItem[] = [];
  const notes: string[] = [];
  const codes = new Map<string, string>();
  const defaultLanguage = sheets.settings.get("default_language") ?? "";
  const surveyKeys = [...new Set(sheets.survey.flatMap((r) => [...r.cells.keys()]))];
  const choiceKeys = [...new Set(sheets.choices.flatMap((r) => [...r.keys()]))];
  const textOf = (keys: string[], base: string) => {
    const cols = languageColumns(keys, base, defaultLanguage);
    return (row: SheetRow, code: string, optional = false): Text | undefined => {
      const it = cols.it ? row.get(cols.it) ?? "" : "";
      const en = cols.en ? row.get(cols.en) ?? "" : "";
      const other = cols.other ? row.get(cols.other) ?? "" : "";
      if (optional && !it && !en && !other) return undefined;
      return it || en ? fill.text(it, en, code) : fill.text(other, "", code);
    };
  };
  const labelCols = languageColumns(surveyKeys, "label", defaultLanguage);
  if (!labelCols.it || !labelCols.en) {
    notes.push(`Colonne delle etichette: ${surveyKeys.filter((k) => k.toLowerCase().startsWith("label")).join(", ") || "nessuna"}. ${!labelCols.it && !labelCols.en ? "Non c'è né l'italiano né l'inglese: è stata usata l'unica lingua disponibile per entrambe." : !labelCols.it ? "Manca l'italiano." : "Manca l'inglese."}`);
  }
  const label = textOf(surveyKeys, "label");
  const hint = textOf(surveyKeys, "hint");
  const choiceLabel = textOf(choiceKeys, "label");

  const lists = new Map<string, SheetRow[]>();
  for (const row of sheets.choices) {
    const list = row.get("list_name") ?? row.get("list name");
    if (!list) continue;
    lists.set(list, [...(lists.get(list) ?? []), row]);
  }
  const choicesOf = (list: string, code: string): { choices: Choice[]; values: Map<string, string> } | null => {
    const rows = lists.get(list);
    if (!rows?.length) return null;
    const value = valueMaker();
    const values = new Map<string, string>();
    const choices = rows.filter((r) => r.get("name")).map((r) => {
      const name = r.get("name")!;
      const v = value(name);
      values.set(name, v);
      return { value: v, label: choiceLabel(r, name)! };
    });
    return choices.length ? { choices, values } : null;
  };

  const questionId = idMaker("d");
  const pageId = idMaker("pagina");
  const targets = new Map<string, RefTarget>();
  const allNames = new Set(sheets.survey.map((r) => r.cells.get("name")).filter(Boolean) as string[]);
  const resolve = (name: string): RefTarget | string =>
    targets.get(name) ?? (allNames.has(name) ? `si riferisce a «${name}», che non è stata importata o viene dopo` : name === "." ? "si riferisce alla domanda stessa" : `«${name}» non è una domanda del modulo`);
  const conditionOf = (source: string | undefined, code: string): Condition | undefined => {
    if (!source) return undefined;
    // Spreadsheets turn straight quotes into curly ones.
    const straight = source.replace(/[‘’]/g, "'").replace(/[“”]/g, '"');
    try {
      return mapRelevance(straight, resolve) ?? undefined;
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      unmapped.push({ code, reason: `condizione «${source}» non convertita (${e.message}): la domanda è sempre mostrata` });
      return undefined;
    }
  };

  type DraftPage = Omit<Page, "questions"> & { questions: Question[] };
  const pages: DraftPage[] = [];
  /** Open groups: the outermost is the page; the conditions of inner ones go on each question. */
  const groups: { name: string; repeat: boolean; condition?: Condition }[] = [];
  let loose: DraftPage | null = null;
  const current = (): DraftPage => {
    if (groups.length) return pages[pages.length - 1];
    if (!loose) {
      const n = pages.length + 1;
      loose = { id: pageId(`pagina_${n}`), title: { it: `Pagina ${n}`, en: `Page ${n}` }, questions: [] };
      pages.push(loose);
    }
    return loose;
  };

  for (const { line, cells } of sheets.survey) {
    const typeField = (cells.get("type") ?? "").replace(/\s+/g, " ").trim();
    const structural = /^(begin|end)[ _](group|repeat)$/i.exec(typeField);
    const [rawType, list, orOther] = structural ? [typeField] : typeField.split(" ");
    const type = structural ? `${structural[1]}_${structural[2]}`.toLowerCase() : rawType.toLowerCase();
    const name = cells.get("name") ?? "";
    const code = name || `riga ${line}`;
    if (!type) continue;
    if (type === "begin_group" || type === "begin_repeat") {
      const repeat = type === "begin_repeat" || groups.some((g) => g.repeat);
      const condition = conditionOf(cells.get("relevant"), `gruppo ${code}`);
      if (type === "begin_repeat") unmapped.push({ code, reason: "gruppo ripetuto (repeat): le sue domande si chiedono una volta sola per questionario, quindi non sono importate" });
      if (!groups.length && !repeat) {
        loose = null;
        const id = pageId(name || `pagina_${pages.length + 1}`);
        codes.set(id, code);
        const title = label(cells, "", true) ?? { it: `Pagina ${pages.length + 1}`, en: `Page ${pages.length + 1}` };
        if (!title.it) Object.assign(title, { it: `Pagina ${pages.length + 1}`, en: `Page ${pages.length + 1}` });
        pages.push({ id, title, questions: [], ...(condition ? { showIf: condition } : {}) });
        groups.push({ name, repeat });
      } else groups.push({ name, repeat, condition });
      continue;
    }
    if (type === "end_group" || type === "end_repeat") {
      groups.pop();
      if (!groups.length) loose = null;
      continue;
    }
    if (groups.some((g) => g.repeat)) {
      if (!METADATA.has(type) && type !== "note") unmapped.push({ code, reason: "dentro un gruppo ripetuto (repeat): non importata" });
      continue;
    }
    if (METADATA.has(type)) {
      unmapped.push({ code, reason: `tipo «${rawType}»: è un dato registrato dal dispositivo o calcolato, non una domanda` });
      continue;
    }
    if (UNSUPPORTED[type]) {
      unmapped.push({ code, reason: `tipo «${rawType}»: il questionario non raccoglie ${UNSUPPORTED[type]}` });
      continue;
    }
    if (type.endsWith("_from_file")) {
      unmapped.push({ code, reason: `tipo «${rawType}»: le scelte stanno in un file esterno (${list ?? "?"}) che il modulo non contiene` });
      continue;
    }
    const page = current();
    const questionLabel = label(cells, code)!;
    if (type === "note") {
      page.intro = page.intro ? { it: `${page.intro.it}\n\n${questionLabel.it}`, en: `${page.intro.en}\n\n${questionLabel.en}` } : questionLabel;
      unmapped.push({ code, reason: `nota: messa nell'introduzione della pagina${cells.get("relevant") ? " senza la sua condizione" : ""}` });
      continue;
    }
    const id = questionId(name || `riga_${line}`);
    codes.set(id, code);
    const help = hint(cells, "", true);
    const required = /^(yes|true|true\(\)|1)$/i.test(cells.get("required") ?? "");
    const own = conditionOf(cells.get("relevant"), code);
    const inherited = groups.slice(1).map((g) => g.condition).filter((c): c is Condition => !!c);
    const all = [...inherited, ...(own ? [own] : [])];
    const showIf = all.length === 0 ? undefined : all.length === 1 ? all[0] : { all };
    const common = { id, label: questionLabel, required, ...(help && help.it ? { help } : {}), ...(showIf ? { showIf } : {}) };
    const appearance = (cells.get("appearance") ?? "").toLowerCase();
    if (cells.get("constraint")) unmapped.push({ code, reason: `vincolo «${cells.get("constraint")}» non convertito: la risposta non è controllata` });
    if (cells.get("choice_filter")) unmapped.push({ code, reason: `filtro delle scelte «${cells.get("choice_filter")}» non convertito: si vedono tutte le scelte` });
    let question: Question | null = null;
    let target: Omit<RefTarget, "id"> = { kind: "text", values: new Map() };
    if (type === "select_one" || type === "select_multiple" || type === "rank") {
      const found = list ? choicesOf(list, code) : null;
      if (!found) {
        unmapped.push({ code, reason: `la lista di scelte «${list ?? ""}» manca nel foglio choices` });
        continue;
      }
      const other = orOther === "or_other";
      if (type === "select_one") question = { ...common, type: "single", choices: found.choices, display: /minimal|autocomplete/.test(appearance) ? "select" : "radio", other };
      else if (type === "select_multiple") question = { ...common, type: "multi", choices: found.choices, other };
      else question = { ...common, type: "ranking", choices: found.choices, size: Math.min(found.choices.length, 20) };
      if (type === "rank" && found.choices.length > 20) unmapped.push({ code, reason: "si ordinano al massimo 20 scelte" });
      target = { kind: type === "select_multiple" ? "multi" : "choice", values: found.values };
    } else if (type === "integer" || type === "decimal") {
      question = { ...common, type: "number", integer: type === "integer" };
      target = { kind: "number", values: new Map() };
    } else if (type === "range") {
      const params = Object.fromEntries((cells.get("parameters") ?? "").split(/\s+/).map((p) => p.split("=")).filter((p) => p.length === 2).map(([k, v]) => [k, Number(v)]));
      const start = params.start ?? 1;
      const end = params.end ?? 10;
      if ((params.step ?? 1) === 1 && Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= 11 && start < end) question = { ...common, type: "scale", min: start, max: end, dontKnow: false };
      else question = { ...common, type: "number", min: Math.min(start, end), max: Math.max(start, end), integer: Number.isInteger(params.step ?? 1) };
      target = { kind: "number", values: new Map() };
    } else if (type === "date") {
      question = { ...common, type: "date" };
    } else if (type === "text" || type === "string") {
      question = /multiline/.test(appearance) ? { ...common, type: "textarea", maxLength: 2000 } : { ...common, type: "text", maxLength: 200 };
    } else {
      unmapped.push({ code, reason: `tipo «${rawType}» sconosciuto` });
      continue;
    }
    page.questions.push(question);
    if (name) targets.set(name, { id, ...target });
  }
  if (!pages.length) throw new ImportError("Nel modulo non c'è nessuna domanda.");

  const formId = sheets.settings.get("form_id") ?? "";
  const surveyId = options.id ?? (idMaker("xls")(`xls_${formId || (options.fileName ?? "").replace(/\.xlsx?$/i, "") || "modulo"}`));
  const titleRaw = sheets.settings.get("form_title") ?? options.fileName?.replace(/\.xlsx?$/i, "") ?? surveyId;
  const title = fill.text(titleRaw, titleRaw, surveyId);
  notes.push(...fill.notes());
  notes.push("Un XLSForm non ha un'informativa sulla privacy: è stata messa quella predefinita, da rivedere.");
  const json = { kind: "survey" as const, id: surveyId, version: 1, status: "open" as const, title, access: "public" as const, draftDays: 30, privacy: DEFAULT_PRIVACY, pages };
  return finishImport("xlsform", json, codes, unmapped, notes);
}
