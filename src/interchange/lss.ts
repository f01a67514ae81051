import type { Choice, Condition, Page, Question, Text } from "../surveys/schema.js";
import { mapRelevance, type RefTarget } from "./condition-mapping.js";
import { DEFAULT_PRIVACY, finishImport, idMaker, ImportError, type ImportResult, LanguageFill, type UnmappedItem, valueMaker } from "./draft-builder.js";
import { ExpressionError } from "./expression.js";
import { type LssAnswer, type LssDocument, type LssQuestion, readLss } from "./lss-read.js";

/** The LimeSurvey type letters with their names, for the list of what was not imported. */
const TYPE_NAMES: Record<string, string> = {
  "1": "Matrice a doppia scala", "5": "Scelta a 5 punti", A: "Matrice a 5 punti", B: "Matrice a 10 punti", C: "Matrice Sì/No/Incerto",
  D: "Data", E: "Matrice Aumenta/Uguale/Diminuisce", F: "Matrice", G: "Genere", H: "Matrice per colonne", I: "Cambio lingua",
  K: "Numeri multipli", L: "Lista (radio)", M: "Scelta multipla", N: "Numero", O: "Lista con commento", P: "Scelta multipla con commenti",
  Q: "Testi brevi multipli", R: "Classifica", S: "Testo breve", T: "Testo lungo", U: "Testo molto lungo", X: "Testo informativo",
  Y: "Sì/No", "!": "Lista (menu a tendina)", ":": "Matrice di numeri", ";": "Matrice di testi", "|": "Caricamento file", "*": "Equazione",
};

const FIXED_CHOICES: Record<string, [string, string, Text][]> = {
  Y: [["Y", "si", { it: "Sì", en: "Yes" }], ["N", "no", { it: "No", en: "No" }]],
  G: [["F", "f", { it: "Femmina", en: "Female" }], ["M", "m", { it: "Maschio", en: "Male" }]],
  C: [["Y", "si", { it: "Sì", en: "Yes" }], ["N", "no", { it: "No", en: "No" }], ["U", "incerto", { it: "Incerto", en: "Uncertain" }]],
  E: [["I", "aumenta", { it: "Aumenta", en: "Increase" }], ["S", "uguale", { it: "Uguale", en: "Same" }], ["D", "diminuisce", { it: "Diminuisce", en: "Decrease" }]],
};

export interface LssOptions {
  /** The id of the draft; by default `ls_` and the LimeSurvey survey id. */
  id?: string;
}

/** Which source language stands for Italian and which for English. */
function pickLanguages(doc: LssDocument): { it?: string; en?: string } {
  const find = (code: string): string | undefined => doc.languages.find((l) => l === code) ?? doc.languages.find((l) => l.toLowerCase().startsWith(code));
  return { it: find("it"), en: find("en") };
}

/** Imports a LimeSurvey structure export into a survey definition for a designer draft. */
export function importLss(xml: string, options: LssOptions = {}): ImportResult {
  const doc = readLss(xml);
  const langs = pickLanguages(doc);
  const fill = new LanguageFill();
  // Without Italian and English, the base language stands in for both (and is counted as filled in).
  const pick = <T>(texts: Map<string, T>, get: (t: T) => string): [string, string] => {
    const it = langs.it && texts.has(langs.it) ? get(texts.get(langs.it)!) ?? "" : "";
    const en = langs.en && texts.has(langs.en) ? get(texts.get(langs.en)!) ?? "" : "";
    if (it || en) return [it, en];
    const base = texts.get(doc.baseLanguage) ?? [...texts.values()][0];
    return base ? [get(base) ?? "", ""] : ["", ""];
  };
  const text = <T>(texts: Map<string, T>, get: (t: T) => string, code: string): Text => {
    const [it, en] = pick(texts, get);
    return fill.text(it, en, code);
  };
  const optionalText = <T>(texts: Map<string, T>, get: (t: T) => string): Text | undefined => {
    const [it, en] = pick(texts, get);
    return it || en ? fill.text(it, en, "") : undefined;
  };

  const unmapped: UnmappedItem[] = [];
  const notes: string[] = [];
  const codes = new Map<string, string>();
  const questionId = idMaker("d");
  const pageId = idMaker("pagina");
  /** LimeSurvey codes (question, or question_subquestion) → what a condition may refer to. */
  const targets = new Map<string, RefTarget>();
  const qidToTitle = new Map(doc.questions.map((q) => [q.qid, q.title]));
  const allTitles = new Set(doc.questions.map((q) => q.title));

  const resolve = (name: string): RefTarget | string => {
    let code = name.replace(/^that\./, "").replace(/\.(NAOK|value|code|shown)$/i, "");
    const sgqa = /^\d+X\d+X(\d+)(.*)$/.exec(code);
    if (sgqa) code = `${qidToTitle.get(sgqa[1]) ?? sgqa[1]}${sgqa[2] ? `_${sgqa[2]}` : ""}`;
    const found = targets.get(code);
    if (found) return found;
    const parent = code.split("_")[0];
    if (allTitles.has(code) || allTitles.has(parent)) return `si riferisce a «${code}», che non è stata importata o viene dopo`;
    return `«${name}» non è una domanda del questionario`;
  };

  const relevanceOf = (source: string, code: string): Condition | undefined => {
    try {
      return mapRelevance(source, resolve) ?? undefined;
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      unmapped.push({ code, reason: `condizione «${source.trim()}» non convertita (${e.message}): la domanda è sempre mostrata` });
      return undefined;
    }
  };

  const choicesFrom = (answers: LssAnswer[], code: string): { choices: Choice[]; values: Map<string, string> } => {
    const value = valueMaker();
    const values = new Map<string, string>();
    const choices = answers.map((a) => {
      const v = value(a.code);
      values.set(a.code, v);
      return { value: v, label: text(a.texts, (t) => t, `${code} ${a.code}`) };
    });
    return { choices, values };
  };
  const subChoices = (subs: LssQuestion[], code: string): { choices: Choice[]; values: Map<string, string> } =>
    choicesFrom(subs.map((s) => ({ code: s.title, order: s.order, scaleId: s.scaleId, texts: new Map([...s.texts].map(([l, t]) => [l, t.question])) })), code);
  const fixed = (type: string): { choices: Choice[]; values: Map<string, string> } => ({
    choices: FIXED_CHOICES[type].map(([, value, label]) => ({ value, label })),
    values: new Map(FIXED_CHOICES[type].map(([code, value]) => [code, value])),
  });

  const pages: (Omit<Page, "questions"> & { questions: Question[] })[] = [];
  for (const group of doc.groups) {
    const id = pageId(plainSlug(pick(group.texts, (t) => t.name).find(Boolean) ?? "") || `pagina_${pages.length + 1}`);
    codes.set(id, `gruppo ${group.gid}`);
    const page: (typeof pages)[number] = { id, title: text(group.texts, (t) => t.name, `Pagina ${pages.length + 1}`), questions: [] };
    const intro = optionalText(group.texts, (t) => t.description);
    if (intro) page.intro = intro;
    const condition = relevanceOf(group.relevance, `gruppo «${page.title.it}»`);
    if (condition) page.showIf = condition;
    for (const q of doc.questions.filter((q) => q.gid === group.gid)) {
      const attrs = doc.attributes.get(q.qid) ?? new Map<string, string>();
      const subs = doc.subquestions.get(q.qid) ?? [];
      const answers = doc.answers.get(q.qid) ?? [];
      const kind = TYPE_NAMES[q.type] ?? q.type;
      const skip = (reason: string): void => void unmapped.push({ code: q.title, reason: `tipo «${kind}» (${q.type}): ${reason}` });
      const base = {
        id: questionId(q.title),
        label: text(q.texts, (t) => t.question, q.title),
        required: q.mandatory,
      } as const;
      const help = optionalText(q.texts, (t) => t.help);
      const common = { ...base, ...(help ? { help } : {}) };
      codes.set(common.id, q.title);
      const showIf = relevanceOf(q.relevance, q.title);
      const withCondition = <T extends Question>(question: T): T => (showIf ? { ...question, showIf } : question);
      const push = (question: Question, target: Omit<RefTarget, "id">): void => {
        page.questions.push(withCondition(question));
        targets.set(q.title, { id: question.id, ...target });
      };
      switch (q.type) {
        case "L": case "!": case "O": {
          const { choices, values } = choicesFrom(answers.filter((a) => a.scaleId === 0), q.title);
          if (!choices.length) { skip("nessuna risposta elencata"); break; }
          push({ ...common, type: "single", choices, display: q.type === "!" ? "select" : "radio", other: q.other }, { kind: "choice", values });
          if (q.type === "O") unmapped.push({ code: q.title, reason: "il commento libero accanto alla lista non è importato" });
          break;
        }
        case "Y": case "G": {
          const { choices, values } = fixed(q.type);
          push({ ...common, type: "single", choices, display: "radio", other: false }, { kind: "choice", values });
          break;
        }
        case "M": case "P": {
          const { choices, values } = subChoices(subs, q.title);
          if (!choices.length) { skip("nessuna opzione elencata"); break; }
          const min = Number(attrs.get("min_answers")) || undefined;
          const max = Number(attrs.get("max_answers")) || undefined;
          push({ ...common, type: "multi", choices, other: q.other, ...(min ? { min } : {}), ...(max && max <= choices.length ? { max } : {}) }, { kind: "multi", values });
          for (const s of subs) targets.set(`${q.title}_${s.title}`, { id: common.id, kind: "multi", values, item: { kind: "choice", value: values.get(s.title)! } });
          if (q.type === "P") unmapped.push({ code: q.title, reason: "i commenti accanto alle opzioni non sono importati" });
          break;
        }
        case "5":
          push({ ...common, type: "scale", min: 1, max: 5, dontKnow: false }, { kind: "number", values: new Map() });
          break;
        case "N": {
          const min = attrs.get("min_num_value_n");
          const max = attrs.get("max_num_value_n");
          push({ ...common, type: "number", integer: attrs.get("num_value_int_only") === "1", ...(min && Number.isFinite(+min) ? { min: +min } : {}), ...(max && Number.isFinite(+max) ? { max: +max } : {}) }, { kind: "number", values: new Map() });
          break;
        }
        case "D":
          push({ ...common, type: "date" }, { kind: "text", values: new Map() });
          break;
        case "S": {
          const chars = Number(attrs.get("maximum_chars"));
          push({ ...common, type: "text", maxLength: chars >= 1 && chars <= 1000 ? chars : 200 }, { kind: "text", values: new Map() });
          break;
        }
        case "T": case "U":
          push({ ...common, type: "textarea", maxLength: q.type === "U" ? 10000 : 2000 }, { kind: "text", values: new Map() });
          break;
        case "R": {
          const { choices, values } = choicesFrom(answers.filter((a) => a.scaleId === 0), q.title);
          if (!choices.length) { skip("nessuna risposta elencata"); break; }
          const limit = Number(attrs.get("max_subquestions")) || Number(attrs.get("max_answers")) || choices.length;
          const size = Math.min(limit, choices.length, 20);
          if (size < choices.length) unmapped.push({ code: q.title, reason: `si ordinano al massimo ${size} delle ${choices.length} risposte` });
          const min = Number(attrs.get("min_answers")) || undefined;
          push({ ...common, type: "ranking", choices, size, ...(min && min <= size ? { min } : {}) }, { kind: "choice", values });
          break;
        }
        case "F": case "H": case "1": case "A": case "B": case "C": case "E": {
          const rowSubs = subs.filter((s) => s.scaleId === 0);
          const { choices: rows, values: rowValues } = subChoices(rowSubs, q.title);
          if (!rows.length) { skip("nessuna riga elencata"); break; }
          let columns: Choice[] | undefined;
          let colValues = new Map<string, string>();
          let scale: { min: number; max: number; dontKnow: boolean } | undefined;
          if (q.type === "A" || q.type === "B") scale = { min: 1, max: q.type === "A" ? 5 : 10, dontKnow: false };
          else if (q.type === "C" || q.type === "E") ({ choices: columns, values: colValues } = fixed(q.type));
          else ({ choices: columns, values: colValues } = choicesFrom(answers.filter((a) => a.scaleId === 0), q.title));
          if (columns && columns.length < 2) { skip("servono almeno due colonne"); break; }
          const matrix: Question = { ...common, type: "matrix", rows: { from: "list", rows }, ...(scale ? { scale } : { columns }) };
          page.questions.push(withCondition(matrix));
          const kind = scale ? "number" : "choice";
          targets.set(q.title, { id: common.id, kind: "matrix", values: colValues });
          for (const s of rowSubs) targets.set(`${q.title}_${s.title}`, { id: common.id, kind, values: colValues, item: { kind: "row", value: rowValues.get(s.title)! } });
          if (q.type === "H") unmapped.push({ code: q.title, reason: "matrice per colonne: importata come matrice per righe" });
          if (q.type === "1") unmapped.push({ code: q.title, reason: "matrice a doppia scala: importata solo la prima scala" });
          break;
        }
        case "K": case "Q": {
          // One number or text question per field: the project has no question with several inputs.
          if (!subs.length) { skip("nessun campo elencato"); break; }
          for (const s of subs) {
            const sub = text(s.texts, (t) => t.question, s.title);
            const id = questionId(`${q.title}_${s.title}`);
            codes.set(id, `${q.title}_${s.title}`);
            const question: Question = q.type === "K"
              ? { id, label: { it: `${common.label.it}: ${sub.it}`, en: `${common.label.en}: ${sub.en}` }, required: q.mandatory, type: "number", integer: attrs.get("num_value_int_only") === "1" }
              : { id, label: { it: `${common.label.it}: ${sub.it}`, en: `${common.label.en}: ${sub.en}` }, required: q.mandatory, type: "text", maxLength: 200 };
            page.questions.push(withCondition(question));
            targets.set(`${q.title}_${s.title}`, { id, kind: q.type === "K" ? "number" : "text", values: new Map() });
          }
          unmapped.push({ code: q.title, reason: `tipo «${kind}» (${q.type}): diviso in ${subs.length} domande, una per campo` });
          break;
        }
        case "X": {
          const shown = common.label;
          page.intro = page.intro ? { it: `${page.intro.it}\n\n${shown.it}`, en: `${page.intro.en}\n\n${shown.en}` } : shown;
          unmapped.push({ code: q.title, reason: `testo informativo: messo nell'introduzione della pagina${showIf ? " senza la sua condizione" : ""}` });
          break;
        }
        case "I":
          skip("la lingua si sceglie già dal link «English» di ogni pagina");
          break;
        case "*":
          skip("le equazioni calcolate non hanno un equivalente");
          break;
        case "|":
          skip("il caricamento di file non è previsto (un questionario anonimo non raccoglie documenti)");
          break;
        case ":": case ";":
          skip("le matrici di numeri o di testi non hanno un equivalente");
          break;
        default:
          skip("tipo sconosciuto");
      }
    }
    pages.push(page);
  }

  const surveyId = options.id ?? `ls_${String(doc.survey.sid ?? "").replace(/\D/g, "") || "importato"}`;
  const titleTexts = new Map([...doc.surveyTexts].map(([l, t]) => [l, t.title]));
  const title = text(titleTexts, (t) => t, surveyId);
  const description = optionalText(new Map([...doc.surveyTexts].map(([l, t]) => [l, t.description])), (t) => t);
  const policy = optionalText(new Map([...doc.surveyTexts].map(([l, t]) => [l, t.policy])), (t) => t);
  if (!langs.it || !langs.en) notes.push(`Lingue del file: ${doc.languages.join(", ")}. ${!langs.it && !langs.en ? `Manca sia l'italiano sia l'inglese: i testi in «${doc.baseLanguage}» sono stati messi in entrambe le lingue.` : !langs.it ? "Manca l'italiano." : "Manca l'inglese."}`);
  notes.push(...fill.notes());
  if (!policy) notes.push("Il file non ha un'informativa sulla privacy: è stata messa quella predefinita, da rivedere.");
  notes.push(`Esportazione LimeSurvey (versione del database ${doc.dbVersion}); la risposta «Nessuna risposta» di LimeSurvey corrisponde a lasciare la domanda senza risposta (le domande non obbligatorie lo permettono).`);
  if (!pages.length) throw new ImportError("Il file non contiene gruppi di domande.");

  const json = {
    kind: "survey" as const,
    id: surveyId,
    version: 1,
    status: "open" as const,
    title,
    ...(description ? { description } : {}),
    access: "public" as const,
    draftDays: 30,
    privacy: policy ?? DEFAULT_PRIVACY,
    pages,
  };
  return finishImport("lss", json, codes, unmapped, notes);
}

function plainSlug(value: string): string {
  return value.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 30);
}
