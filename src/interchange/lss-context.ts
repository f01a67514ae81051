import type { Choice, Condition, Text } from "../surveys/schema.js";
import { mapRelevance, type RefTarget } from "./condition-mapping.js";
import { idMaker, LanguageFill, type UnmappedItem, valueMaker } from "./draft-builder.js";
import { ExpressionError } from "./expression.js";
import type { LssAnswer, LssDocument, LssQuestion } from "./lss-read.js";

export interface MappedChoices {
  choices: Choice[];
  /** LimeSurvey answer code → the value it becomes. */
  values: Map<string, string>;
}

/**
 * What one LimeSurvey import accumulates while it walks the file: the texts in the two languages,
 * the ids given, what conditions may refer to, and what could not be carried over.
 */
export class LssContext {
  readonly fill = new LanguageFill();
  readonly unmapped: UnmappedItem[] = [];
  /** Id in the draft → the LimeSurvey code it came from (the import's report lists them). */
  readonly codes = new Map<string, string>();
  /** LimeSurvey codes (question, or question_subquestion) → what a condition may refer to. */
  readonly targets = new Map<string, RefTarget>();
  readonly questionId = idMaker("d");
  readonly pageId = idMaker("pagina");
  /** Which source language stands for Italian and which for English. */
  readonly langs: { it?: string; en?: string };
  private readonly qidToTitle: Map<string, string>;
  private readonly allTitles: Set<string>;

  constructor(readonly doc: LssDocument) {
    const find = (code: string): string | undefined =>
      doc.languages.find((l) => l === code) ?? doc.languages.find((l) => l.toLowerCase().startsWith(code));
    this.langs = { it: find("it"), en: find("en") };
    this.qidToTitle = new Map(doc.questions.map((q) => [q.qid, q.title]));
    this.allTitles = new Set(doc.questions.map((q) => q.title));
  }

  /** The Italian and English texts; without either, the base language stands in for both. */
  pick<T>(texts: Map<string, T>, get: (t: T) => string): [string, string] {
    const { it: itLang, en: enLang } = this.langs;
    const it = itLang && texts.has(itLang) ? (get(texts.get(itLang)!) ?? "") : "";
    const en = enLang && texts.has(enLang) ? (get(texts.get(enLang)!) ?? "") : "";
    if (it || en) return [it, en];
    const base = texts.get(this.doc.baseLanguage) ?? [...texts.values()][0];
    return base ? [get(base) ?? "", ""] : ["", ""];
  }

  /** A required text, counted as filled in or missing per language. */
  text<T>(texts: Map<string, T>, get: (t: T) => string, code: string): Text {
    const [it, en] = this.pick(texts, get);
    return this.fill.text(it, en, code);
  }

  optionalText<T>(texts: Map<string, T>, get: (t: T) => string): Text | undefined {
    const [it, en] = this.pick(texts, get);
    return it || en ? this.fill.text(it, en, "") : undefined;
  }

  /** A LimeSurvey relevance equation as a condition; what can't be converted is listed, and shown always. */
  relevanceOf(source: string, code: string): Condition | undefined {
    try {
      return mapRelevance(source, (name) => this.resolve(name)) ?? undefined;
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      this.unmapped.push({
        code,
        reason: `condizione «${source.trim()}» non convertita (${e.message}): la domanda è sempre mostrata`,
      });
      return undefined;
    }
  }

  choicesFrom(answers: LssAnswer[], code: string): MappedChoices {
    const value = valueMaker();
    const values = new Map<string, string>();
    const choices = answers.map((a) => {
      const v = value(a.code);
      values.set(a.code, v);
      return { value: v, label: this.text(a.texts, (t) => t, `${code} ${a.code}`) };
    });
    return { choices, values };
  }

  /** Subquestions (a multiple choice's options, a matrix's rows) as choices. */
  subChoices(subs: LssQuestion[], code: string): MappedChoices {
    return this.choicesFrom(
      subs.map((s) => ({
        code: s.title,
        order: s.order,
        scaleId: s.scaleId,
        texts: new Map([...s.texts].map(([l, t]) => [l, t.question])),
      })),
      code,
    );
  }

  /** A name in an equation (code, SGQA, `that.` prefix, `.NAOK` suffix) → what it refers to, or why not. */
  private resolve(name: string): RefTarget | string {
    let code = name.replace(/^that\./, "").replace(/\.(NAOK|value|code|shown)$/i, "");
    const sgqa = /^\d+X\d+X(\d+)(.*)$/.exec(code);
    if (sgqa) code = `${this.qidToTitle.get(sgqa[1]) ?? sgqa[1]}${sgqa[2] ? `_${sgqa[2]}` : ""}`;
    const found = this.targets.get(code);
    if (found) return found;
    const parent = code.split("_")[0];
    if (this.allTitles.has(code) || this.allTitles.has(parent))
      return `si riferisce a «${code}», che non è stata importata o viene dopo`;
    return `«${name}» non è una domanda del questionario`;
  }
}
