import type { Condition } from "../surveys/schema.js";
import { type Expr, ExpressionError, parseExpression } from "./expression.js";

/** What a name in a foreign expression points to, in the imported survey. */
export interface RefTarget {
  /** The imported question's id. */
  id: string;
  kind: "choice" | "multi" | "number" | "text" | "matrix";
  /** Foreign answer codes → the values given to them on import. */
  values: Map<string, string>;
  /** A checkbox of a multiple choice ("Q_SQ001"), or a row of a matrix ("Q_SQ001" in an array). */
  item?: { kind: "choice" | "row"; value: string };
}

/** Returns the target, or a reason the name can't be used (unknown, later, not imported). */
export type Resolver = (name: string) => RefTarget | string;

/** Reads a relevance expression into a condition; throws ExpressionError with the reason when it can't. */
export function mapRelevance(source: string, resolve: Resolver): Condition | null {
  const trimmed = source.trim();
  if (trimmed === "" || trimmed === "1" || trimmed.toLowerCase() === "true()") return null;
  return toCondition(parseExpression(trimmed), resolve);
}

function target(expr: Expr, resolve: Resolver): RefTarget {
  if (expr.kind !== "ref") throw new ExpressionError("si confronta qualcosa che non è una domanda");
  const found = resolve(expr.name);
  if (typeof found === "string") throw new ExpressionError(found);
  return found;
}

function literal(expr: Expr): string | number | null {
  if (expr.kind === "string") return expr.value;
  if (expr.kind === "number") return expr.value;
  return null;
}

function toCondition(expr: Expr, resolve: Resolver): Condition {
  switch (expr.kind) {
    case "logic": {
      const args = expr.args.map((a) => toCondition(a, resolve));
      return expr.op === "and" ? { all: args } : { any: args };
    }
    case "not":
      return { not: toCondition(expr.arg, resolve) };
    case "ref":
      return answered(target(expr, resolve), true);
    case "call":
      return callCondition(expr, resolve);
    case "compare":
      return compareCondition(expr, resolve);
    default:
      throw new ExpressionError("un valore da solo non è una condizione");
  }
}

function answered(t: RefTarget, yes: boolean): Condition {
  if (t.item?.kind === "choice")
    return yes ? { question: t.id, equals: t.item.value } : { not: { question: t.id, equals: t.item.value } };
  return { question: t.item?.kind === "row" ? `${t.id}/${t.item.value}` : t.id, answered: yes };
}

function callCondition(expr: Extract<Expr, { kind: "call" }>, resolve: Resolver): Condition {
  const [first, second] = expr.args;
  if (expr.name === "is_empty" && first) return answered(target(first, resolve), false);
  // count(that.Q) alone is true when anything of Q is answered.
  if ((expr.name === "count" || expr.name === "string-length") && expr.args.length === 1)
    return countCondition(expr, "!=", 0, resolve);
  if (expr.name === "selected" && first && second) {
    const t = target(first, resolve);
    const value = literal(second);
    if (value === null) throw new ExpressionError("selected() confronta con un valore scritto");
    return { question: t.id, equals: mapValue(t, String(value)) };
  }
  throw new ExpressionError(`la funzione ${expr.name}() non ha un equivalente nelle condizioni`);
}

/** count(that.Q) > 0 or string-length(${q}) > 0: "answered"; anything else can't be said. */
function countCondition(call: Extract<Expr, { kind: "call" }>, op: string, n: number, resolve: Resolver): Condition {
  if ((call.name === "count" || call.name === "string-length") && call.args.length === 1) {
    const arg = call.args[0];
    const t = target(arg.kind === "ref" ? { kind: "ref", name: arg.name.replace(/^that\./, "") } : arg, resolve);
    if ((op === ">" && n === 0) || (op === ">=" && n === 1) || (op === "!=" && n === 0)) return answered(t, true);
    if ((op === "==" && n === 0) || (op === "<" && n === 1)) return answered(t, false);
  }
  throw new ExpressionError(`${call.name}() ${op} ${n} non ha un equivalente nelle condizioni`);
}

function mapValue(t: RefTarget, foreign: string): string {
  const mine = t.values.get(foreign) ?? t.values.get(foreign.toLowerCase());
  if (mine === undefined) throw new ExpressionError(`«${foreign}» non è una risposta della domanda «${t.id}»`);
  return mine;
}

function compareCondition(expr: Extract<Expr, { kind: "compare" }>, resolve: Resolver): Condition {
  let { left, right, op } = expr;
  if (literal(left) !== null && literal(right) === null) {
    [left, right] = [right, left];
    op = ({ ">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!=" } as const)[op];
  }
  const value = literal(right);
  if (value === null) throw new ExpressionError("si confrontano due domande tra loro");
  if (left.kind === "call") return countCondition(left, op, Number(value), resolve);
  const t = target(left, resolve);
  if (value === "") {
    if (op === "==") return answered(t, false);
    if (op === "!=") return answered(t, true);
    throw new ExpressionError("confronto con un valore vuoto");
  }
  if (op === "==" || op === "!=") {
    const eq = equality(t, value);
    return op === "==" ? eq : { not: eq };
  }
  const n = Number(value);
  if (!Number.isFinite(n) || t.kind !== "number")
    throw new ExpressionError(`il confronto «${op}» vale solo per le domande numeriche`);
  const question = t.item?.kind === "row" ? `${t.id}/${t.item.value}` : t.id;
  if (op === ">=") return { question, gte: n };
  if (op === "<=") return { question, lte: n };
  // Strict comparisons: answered and not on the other side (an empty answer is not greater than anything).
  return { all: [{ question, answered: true }, { not: op === ">" ? { question, lte: n } : { question, gte: n } }] };
}

function equality(t: RefTarget, value: string | number): Condition {
  if (t.item?.kind === "choice") {
    // A checkbox of a multiple choice: "Y" ticked, anything else not.
    if (String(value).toUpperCase() === "Y" || String(value) === "1") return { question: t.id, equals: t.item.value };
    throw new ExpressionError(`una casella si confronta solo con "Y"`);
  }
  if (t.kind === "number") {
    const n = Number(value);
    if (!Number.isFinite(n)) throw new ExpressionError(`«${value}» non è un numero`);
    const question = t.item?.kind === "row" ? `${t.id}/${t.item.value}` : t.id;
    return {
      all: [
        { question, gte: n },
        { question, lte: n },
      ],
    };
  }
  if (t.kind === "text") throw new ExpressionError("le condizioni non confrontano testi liberi");
  const question = t.item?.kind === "row" ? `${t.id}/${t.item.value}` : t.id;
  return { question, equals: mapValue(t, String(value)) };
}
