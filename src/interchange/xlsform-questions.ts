import type { RefTarget } from "./condition-mapping.js";
import type { Question } from "../surveys/schema.js";
import type { XlsContext } from "./xlsform-context.js";
import type { PageStack } from "./xlsform-pages.js";
import type { SheetRow } from "./xlsform-read.js";

/** Types that collect what the device knows, not an answer. */
const METADATA = new Set([
  "start",
  "end",
  "today",
  "deviceid",
  "uri:deviceid",
  "username",
  "simserial",
  "subscriberid",
  "phonenumber",
  "email",
  "audit",
  "start-geopoint",
  "background-geopoint",
  "calculate",
  "hidden",
  "xml-external",
  "csv-external",
]);

/** Types with no equivalent here: what they would collect. */
const UNSUPPORTED: Record<string, string> = {
  geopoint: "la posizione GPS",
  geotrace: "un percorso GPS",
  geoshape: "un'area GPS",
  image: "una foto",
  audio: "una registrazione audio",
  video: "un video",
  "background-audio": "una registrazione audio",
  file: "un file",
  barcode: "un codice a barre",
  time: "un orario",
  datetime: "data e ora insieme",
  acknowledge: "una conferma",
  trigger: "una conferma",
};

/** One row of the survey sheet that is not a group's begin or end. */
export interface QuestionRow {
  line: number;
  cells: SheetRow;
  /** Lower case: `select_one`, `integer`, … */
  type: string;
  /** As written, for messages. */
  rawType: string;
  list: string | undefined;
  orOther: string | undefined;
  name: string;
  /** The name, or «riga N» when the row has none. */
  code: string;
}

type Common = Pick<Question, "id" | "label" | "required" | "help" | "showIf">;
type Mapped = { question: Question; target: Omit<RefTarget, "id"> } | { reason: string };

const NO_VALUES = (): Map<string, string> => new Map();

/** Maps one row of the survey sheet onto the current page (or lists why it could not be). */
export function mapRow(ctx: XlsContext, stack: PageStack, row: QuestionRow): void {
  const { cells, type, rawType, code, name } = row;
  const skip = (reason: string): void => void ctx.unmapped.push({ code, reason });
  if (stack.inRepeat) {
    if (!METADATA.has(type) && type !== "note") skip("dentro un gruppo ripetuto (repeat): non importata");
    return;
  }
  if (METADATA.has(type))
    return skip(`tipo «${rawType}»: è un dato registrato dal dispositivo o calcolato, non una domanda`);
  if (Object.hasOwn(UNSUPPORTED, type))
    return skip(`tipo «${rawType}»: il questionario non raccoglie ${UNSUPPORTED[type]}`);
  if (type.endsWith("_from_file"))
    return skip(
      `tipo «${rawType}»: le scelte stanno in un file esterno (${row.list ?? "?"}) che il modulo non contiene`,
    );
  const page = stack.current();
  const label = ctx.label(cells, code)!;
  if (type === "note") {
    page.intro = page.intro ? { it: `${page.intro.it}\n\n${label.it}`, en: `${page.intro.en}\n\n${label.en}` } : label;
    return skip(`nota: messa nell'introduzione della pagina${cells.get("relevant") ? " senza la sua condizione" : ""}`);
  }
  const id = ctx.questionId(name || `riga_${row.line}`);
  ctx.codes.set(id, code);
  const help = ctx.hint(cells, "", true);
  const required = /^(yes|true|true\(\)|1)$/i.test(cells.get("required") ?? "");
  const own = ctx.conditionOf(cells.get("relevant"), code);
  const all = [...stack.innerConditions(), ...(own ? [own] : [])];
  const showIf = all.length === 0 ? undefined : all.length === 1 ? all[0] : { all };
  const common: Common = { id, label, required, ...(help && help.it ? { help } : {}), ...(showIf ? { showIf } : {}) };
  if (cells.get("constraint"))
    skip(`vincolo «${cells.get("constraint")}» non convertito: la risposta non è controllata`);
  if (cells.get("choice_filter"))
    skip(`filtro delle scelte «${cells.get("choice_filter")}» non convertito: si vedono tutte le scelte`);
  const mapped = questionFor(ctx, row, common);
  if ("reason" in mapped) return skip(mapped.reason);
  page.questions.push(mapped.question);
  if (name) ctx.targets.set(name, { id, ...mapped.target });
}

function questionFor(ctx: XlsContext, row: QuestionRow, common: Common): Mapped {
  const { type, cells } = row;
  const appearance = (cells.get("appearance") ?? "").toLowerCase();
  if (type === "select_one" || type === "select_multiple" || type === "rank")
    return choiceQuestion(ctx, row, common, appearance);
  if (type === "integer" || type === "decimal")
    return {
      question: { ...common, type: "number", integer: type === "integer" },
      target: { kind: "number", values: NO_VALUES() },
    };
  if (type === "range")
    return { question: rangeQuestion(cells, common), target: { kind: "number", values: NO_VALUES() } };
  const text = { kind: "text" as const, values: NO_VALUES() };
  if (type === "date") return { question: { ...common, type: "date" }, target: text };
  if (type === "text" || type === "string") {
    const question: Question = /multiline/.test(appearance)
      ? { ...common, type: "textarea", maxLength: 2000 }
      : { ...common, type: "text", maxLength: 200 };
    return { question, target: text };
  }
  return { reason: `tipo «${row.rawType}» sconosciuto` };
}

function choiceQuestion(ctx: XlsContext, row: QuestionRow, common: Common, appearance: string): Mapped {
  const { type, list } = row;
  const found = list ? ctx.choicesOf(list) : null;
  if (!found) return { reason: `la lista di scelte «${list ?? ""}» manca nel foglio choices` };
  const other = row.orOther === "or_other";
  const { choices, values } = found;
  let question: Question;
  if (type === "select_one") {
    const display = /minimal|autocomplete/.test(appearance) ? "select" : "radio";
    question = { ...common, type: "single", choices, display, other };
  } else if (type === "select_multiple") question = { ...common, type: "multi", choices, other };
  else question = { ...common, type: "ranking", choices, size: Math.min(choices.length, 20) };
  if (type === "rank" && choices.length > 20)
    ctx.unmapped.push({ code: row.code, reason: "si ordinano al massimo 20 scelte" });
  return { question, target: { kind: type === "select_multiple" ? "multi" : "choice", values } };
}

/** A range of whole steps within 0–11 is a scale; any other range a number between its ends. */
function rangeQuestion(cells: SheetRow, common: Common): Question {
  const params = Object.fromEntries(
    (cells.get("parameters") ?? "")
      .split(/\s+/)
      .map((p) => p.split("="))
      .filter((p) => p.length === 2)
      .map(([k, v]) => [k, Number(v)]),
  );
  const start = params.start ?? 1;
  const end = params.end ?? 10;
  const step = params.step ?? 1;
  if (step === 1 && Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= 11 && start < end)
    return { ...common, type: "scale", min: start, max: end, dontKnow: false };
  return {
    ...common,
    type: "number",
    min: Math.min(start, end),
    max: Math.max(start, end),
    integer: Number.isInteger(step),
  };
}
