import { parseDefinitions } from "../surveys/loader.js";
import {
  DONT_KNOW,
  ID_PATTERN,
  RESERVED_IDS,
  VALUE_PATTERN,
  type Page,
  type Question,
  type SurveyDefinition,
  type Text,
} from "../surveys/schema.js";

/** Something of the source file that the import left out or changed, with its code there. */
export interface UnmappedItem {
  code: string;
  reason: string;
}

export interface ImportResult {
  source: "lss" | "xlsform";
  survey: SurveyDefinition;
  unmapped: UnmappedItem[];
  /** What the import filled in or decided for the whole survey (a missing language, the id). */
  notes: string[];
}

export class ImportError extends Error {}

const ENTITIES: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  egrave: "è",
  eacute: "é",
  agrave: "à",
  ograve: "ò",
  ugrave: "ù",
  igrave: "ì",
  rsquo: "’",
  lsquo: "‘",
  hellip: "…",
  ndash: "–",
  mdash: "—",
  laquo: "«",
  raquo: "»",
};

/** Foreign texts may carry HTML (LimeSurvey) or markdown-ish markup: the project's texts are plain. */
export function plainText(value: unknown): string {
  if (typeof value !== "string") return "";
  return value
    .replace(/<(br|\/p|\/div|\/li)\s*\/?>/gi, " ")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (all, code: string) => {
      if (code.startsWith("#")) {
        const n = code[1].toLowerCase() === "x" ? parseInt(code.slice(2), 16) : parseInt(code.slice(1), 10);
        return Number.isFinite(n) ? String.fromCodePoint(n) : all;
      }
      return ENTITIES[code.toLowerCase()] ?? all;
    })
    .replace(/\s+/g, " ")
    .trim();
}

function slug(raw: string): string {
  return raw
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/_+/g, "_")
    .slice(0, 50);
}

/** Ids of the project (`^[a-z][a-z0-9_]*$`, not reserved), unique within one namespace. */
export function idMaker(prefix: string): (raw: string) => string {
  const used = new Set<string>();
  return (raw) => {
    let base = slug(raw) || prefix;
    if (!/^[a-z]/.test(base)) base = `${prefix}_${base}`;
    if (RESERVED_IDS.has(base)) base = `${prefix}_${base}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    if (!ID_PATTERN.test(id)) throw new ImportError(`id non valido: ${id}`);
    return id;
  };
}

/** Choice values (`^[a-z0-9][a-z0-9_]*$`, never "non_so"), unique within one question. */
export function valueMaker(): (raw: string) => string {
  const used = new Set<string>();
  return (raw) => {
    let base = slug(raw) || "v";
    // "non_so" and "other" are the engine's own answers ("don't know", the "other" box).
    if (base === DONT_KNOW || base === "other") base = `${base}_1`;
    let value = base;
    for (let n = 2; used.has(value); n++) value = `${base}_${n}`;
    used.add(value);
    if (!VALUE_PATTERN.test(value)) throw new ImportError(`valore non valido: ${value}`);
    return value;
  };
}

/** Which languages were missing and filled in from which: said once per survey. */
export class LanguageFill {
  readonly filled = { it: 0, en: 0, code: 0 };

  /** Both languages of a text, the missing one copied from the other; the code when neither exists. */
  text(it: string, en: string, code: string): Text {
    const i = it.trim();
    const e = en.trim();
    if (!i && e) this.filled.it += 1;
    if (!e && i) this.filled.en += 1;
    if (!i && !e) {
      this.filled.code += 1;
      return { it: code, en: code };
    }
    return { it: i || e, en: e || i };
  }

  notes(): string[] {
    const notes: string[] = [];
    if (this.filled.it)
      notes.push(
        `${this.filled.it} testi non avevano la versione italiana: è stata copiata quella inglese (o dell'unica lingua presente), da tradurre prima di pubblicare.`,
      );
    if (this.filled.en)
      notes.push(
        `${this.filled.en} testi non avevano la versione inglese: è stata copiata quella italiana (o dell'unica lingua presente), da tradurre prima di pubblicare.`,
      );
    if (this.filled.code)
      notes.push(
        `${this.filled.code} testi erano vuoti in ogni lingua (ad esempio solo un'immagine): al loro posto c'è il codice dell'elemento, da sostituire con un testo.`,
      );
    return notes;
  }
}

/**
 * Checks the built definition as the start would, and leaves out whatever the checks refuse
 * (a question, a condition), each listed with the reason, until the rest is valid.
 */
export function finishImport(
  source: ImportResult["source"],
  json: Record<string, unknown> & { pages: (Omit<Page, "questions"> & { questions: Question[] })[] },
  codes: Map<string, string>,
  unmapped: UnmappedItem[],
  notes: string[],
): ImportResult {
  for (let round = 0; round < 50; round++) {
    json.pages = json.pages.filter((p) => p.questions.length > 0);
    if (!json.pages.length) throw new ImportError("Nel file non c'è nessuna domanda che si possa importare.");
    const { definitions, problems } = parseDefinitions(new Map([["import", json]]));
    const survey = [...definitions.surveys.values()][0];
    if (survey && !problems.length) return { source, survey: survey.definition, unmapped, notes };
    const first = problems[0].slice("import: ".length);
    const at = first.indexOf(": ");
    const path = first.slice(0, at);
    const message = first.slice(at + 2);
    const q = /^pages\[(\d+)\]\.questions\[(\d+)\](\.showIf)?/.exec(path);
    const p = /^pages\[(\d+)\]\.showIf/.exec(path);
    if (q) {
      const page = json.pages[Number(q[1])];
      const question = page.questions[Number(q[2])];
      const code = codes.get(question.id) ?? question.id;
      if (q[3]) {
        delete question.showIf;
        unmapped.push({ code, reason: `condizione tolta: ${message}` });
      } else {
        page.questions.splice(Number(q[2]), 1);
        unmapped.push({ code, reason: `domanda non importata: ${message}` });
      }
    } else if (p) {
      const page = json.pages[Number(p[1])];
      delete page.showIf;
      unmapped.push({ code: codes.get(page.id) ?? page.id, reason: `condizione del gruppo tolta: ${message}` });
    } else {
      throw new ImportError(`Il questionario importato non è valido: ${first}`);
    }
  }
  throw new ImportError("Il questionario importato ha troppi problemi per essere corretto.");
}

/** The privacy notice every survey needs: the source's when it has one, else the designer's default. */
export const DEFAULT_PRIVACY: Text = {
  it: "Il Comune tratta le risposte in forma anonima, solo per organizzare i propri servizi.\n\nPer informazioni può rivolgersi all'Ufficio Relazioni con il Pubblico.",
  en: "The comune processes the answers anonymously, only to organise its services.\n\nFor information you can contact the Public Relations Office.",
};
