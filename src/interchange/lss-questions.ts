import type { RefTarget } from "./condition-mapping.js";
import type { Choice, Condition, Page, Question } from "../surveys/schema.js";
import type { LssContext, MappedChoices } from "./lss-context.js";
import type { LssQuestion } from "./lss-read.js";
import { fixed, SKIPPED, TYPE_NAMES } from "./lss-types.js";

export type LssPage = Omit<Page, "questions"> & { questions: Question[] };

/** One LimeSurvey question being mapped, with what every mapper needs. */
class Mapping {
  readonly attrs: Map<string, string>;
  readonly subs: LssQuestion[];
  readonly common: Pick<Question, "id" | "label" | "required" | "help">;
  readonly showIf: Condition | undefined;

  constructor(
    readonly ctx: LssContext,
    readonly page: LssPage,
    readonly q: LssQuestion,
  ) {
    this.attrs = ctx.doc.attributes.get(q.qid) ?? new Map<string, string>();
    this.subs = ctx.doc.subquestions.get(q.qid) ?? [];
    // In this order: the id and the texts are counted as they come (LanguageFill, idMaker).
    const id = ctx.questionId(q.title);
    const label = ctx.text(q.texts, (t) => t.question, q.title);
    const help = ctx.optionalText(q.texts, (t) => t.help);
    this.common = { id, label, required: q.mandatory, ...(help ? { help } : {}) };
    ctx.codes.set(this.common.id, q.title);
    this.showIf = ctx.relevanceOf(q.relevance, q.title);
  }

  get kindName(): string {
    return Object.hasOwn(TYPE_NAMES, this.q.type) ? TYPE_NAMES[this.q.type] : this.q.type;
  }

  /** The question's answers on its first scale, as choices. */
  answers(): MappedChoices {
    const answers = this.ctx.doc.answers.get(this.q.qid) ?? [];
    return this.ctx.choicesFrom(
      answers.filter((a) => a.scaleId === 0),
      this.q.title,
    );
  }

  skip(reason: string): void {
    this.note(`tipo «${this.kindName}» (${this.q.type}): ${reason}`);
  }

  note(reason: string): void {
    this.ctx.unmapped.push({ code: this.q.title, reason });
  }

  add(question: Question): void {
    this.page.questions.push(this.showIf ? { ...question, showIf: this.showIf } : question);
  }

  /** Adds the question and records what a later condition on its code refers to. */
  push(question: Question, target: Omit<RefTarget, "id">): void {
    this.add(question);
    this.ctx.targets.set(this.q.title, { id: question.id, ...target });
  }

  number(name: string): number | undefined {
    return Number(this.attrs.get(name)) || undefined;
  }
}

const NO_VALUES = (): Map<string, string> => new Map();

function list(m: Mapping): void {
  const { choices, values } = m.answers();
  if (!choices.length) return m.skip("nessuna risposta elencata");
  const display = m.q.type === "!" ? "select" : "radio";
  m.push({ ...m.common, type: "single", choices, display, other: m.q.other }, { kind: "choice", values });
  if (m.q.type === "O") m.note("il commento libero accanto alla lista non è importato");
}

function fixedList(m: Mapping): void {
  const { choices, values } = fixed(m.q.type);
  m.push({ ...m.common, type: "single", choices, display: "radio", other: false }, { kind: "choice", values });
}

function multiple(m: Mapping): void {
  const { choices, values } = m.ctx.subChoices(m.subs, m.q.title);
  if (!choices.length) return m.skip("nessuna opzione elencata");
  const min = m.number("min_answers");
  const max = m.number("max_answers");
  m.push(
    {
      ...m.common,
      type: "multi",
      choices,
      other: m.q.other,
      ...(min ? { min } : {}),
      ...(max && max <= choices.length ? { max } : {}),
    },
    { kind: "multi", values },
  );
  for (const s of m.subs)
    m.ctx.targets.set(`${m.q.title}_${s.title}`, {
      id: m.common.id,
      kind: "multi",
      values,
      item: { kind: "choice", value: values.get(s.title)! },
    });
  if (m.q.type === "P") m.note("i commenti accanto alle opzioni non sono importati");
}

function fivePoint(m: Mapping): void {
  m.push({ ...m.common, type: "scale", min: 1, max: 5, dontKnow: false }, { kind: "number", values: NO_VALUES() });
}

function numeric(m: Mapping): void {
  const min = m.attrs.get("min_num_value_n");
  const max = m.attrs.get("max_num_value_n");
  m.push(
    {
      ...m.common,
      type: "number",
      integer: m.attrs.get("num_value_int_only") === "1",
      ...(min && Number.isFinite(+min) ? { min: +min } : {}),
      ...(max && Number.isFinite(+max) ? { max: +max } : {}),
    },
    { kind: "number", values: NO_VALUES() },
  );
}

function date(m: Mapping): void {
  m.push({ ...m.common, type: "date" }, { kind: "text", values: NO_VALUES() });
}

function shortText(m: Mapping): void {
  const chars = Number(m.attrs.get("maximum_chars"));
  const maxLength = chars >= 1 && chars <= 1000 ? chars : 200;
  m.push({ ...m.common, type: "text", maxLength }, { kind: "text", values: NO_VALUES() });
}

function longText(m: Mapping): void {
  const maxLength = m.q.type === "U" ? 10000 : 2000;
  m.push({ ...m.common, type: "textarea", maxLength }, { kind: "text", values: NO_VALUES() });
}

function ranking(m: Mapping): void {
  const { choices, values } = m.answers();
  if (!choices.length) return m.skip("nessuna risposta elencata");
  const limit = m.number("max_subquestions") ?? m.number("max_answers") ?? choices.length;
  const size = Math.min(limit, choices.length, 20);
  if (size < choices.length) m.note(`si ordinano al massimo ${size} delle ${choices.length} risposte`);
  const min = m.number("min_answers");
  m.push(
    { ...m.common, type: "ranking", choices, size, ...(min && min <= size ? { min } : {}) },
    { kind: "choice", values },
  );
}

function matrix(m: Mapping): void {
  const type = m.q.type;
  const rowSubs = m.subs.filter((s) => s.scaleId === 0);
  const { choices: rows, values: rowValues } = m.ctx.subChoices(rowSubs, m.q.title);
  if (!rows.length) return m.skip("nessuna riga elencata");
  let columns: Choice[] | undefined;
  let colValues = new Map<string, string>();
  let scale: { min: number; max: number; dontKnow: boolean } | undefined;
  if (type === "A" || type === "B") scale = { min: 1, max: type === "A" ? 5 : 10, dontKnow: false };
  else ({ choices: columns, values: colValues } = type === "C" || type === "E" ? fixed(type) : m.answers());
  if (columns && columns.length < 2) return m.skip("servono almeno due colonne");
  m.add({ ...m.common, type: "matrix", rows: { from: "list", rows }, ...(scale ? { scale } : { columns }) });
  const kind = scale ? "number" : "choice";
  m.ctx.targets.set(m.q.title, { id: m.common.id, kind: "matrix", values: colValues });
  for (const s of rowSubs)
    m.ctx.targets.set(`${m.q.title}_${s.title}`, {
      id: m.common.id,
      kind,
      values: colValues,
      item: { kind: "row", value: rowValues.get(s.title)! },
    });
  if (type === "H") m.note("matrice per colonne: importata come matrice per righe");
  if (type === "1") m.note("matrice a doppia scala: importata solo la prima scala");
}

/** Multiple numbers or short texts: one question per field, since no question here has several inputs. */
function fields(m: Mapping): void {
  if (!m.subs.length) return m.skip("nessun campo elencato");
  const { q, ctx, common } = m;
  for (const s of m.subs) {
    const sub = ctx.text(s.texts, (t) => t.question, s.title);
    const id = ctx.questionId(`${q.title}_${s.title}`);
    ctx.codes.set(id, `${q.title}_${s.title}`);
    const label = { it: `${common.label.it}: ${sub.it}`, en: `${common.label.en}: ${sub.en}` };
    const question: Question =
      q.type === "K"
        ? { id, label, required: q.mandatory, type: "number", integer: m.attrs.get("num_value_int_only") === "1" }
        : { id, label, required: q.mandatory, type: "text", maxLength: 200 };
    m.add(question);
    ctx.targets.set(`${q.title}_${s.title}`, { id, kind: q.type === "K" ? "number" : "text", values: NO_VALUES() });
  }
  m.skip(`diviso in ${m.subs.length} domande, una per campo`);
}

/** An information text goes into the page's introduction. */
function information(m: Mapping): void {
  const shown = m.common.label;
  const intro = m.page.intro;
  m.page.intro = intro ? { it: `${intro.it}\n\n${shown.it}`, en: `${intro.en}\n\n${shown.en}` } : shown;
  m.note(`testo informativo: messo nell'introduzione della pagina${m.showIf ? " senza la sua condizione" : ""}`);
}

const MAPPERS: Record<string, (m: Mapping) => void> = {
  L: list,
  "!": list,
  O: list,
  Y: fixedList,
  G: fixedList,
  M: multiple,
  P: multiple,
  "5": fivePoint,
  N: numeric,
  D: date,
  S: shortText,
  T: longText,
  U: longText,
  R: ranking,
  F: matrix,
  H: matrix,
  "1": matrix,
  A: matrix,
  B: matrix,
  C: matrix,
  E: matrix,
  K: fields,
  Q: fields,
  X: information,
};

/** Maps one LimeSurvey question onto the page (or lists why it could not be). */
export function mapQuestion(ctx: LssContext, page: LssPage, q: LssQuestion): void {
  const m = new Mapping(ctx, page, q);
  const mapper = Object.hasOwn(MAPPERS, q.type) ? MAPPERS[q.type] : undefined;
  if (mapper) mapper(m);
  else m.skip(Object.hasOwn(SKIPPED, q.type) ? SKIPPED[q.type] : "tipo sconosciuto");
}
