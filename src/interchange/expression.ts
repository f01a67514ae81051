/**
 * A small parser for the relevance expressions of LimeSurvey (ExpressionScript) and XLSForm
 * (XPath): enough to read comparisons, `and`/`or`/`not`, and a few functions. The project's
 * conditions are data, not expressions; this only reads foreign files once, at import.
 */
export type Expr =
  | { kind: "ref"; name: string }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "call"; name: string; args: Expr[] }
  | { kind: "not"; arg: Expr }
  | { kind: "logic"; op: "and" | "or"; args: Expr[] }
  | { kind: "compare"; op: "==" | "!=" | ">" | ">=" | "<" | "<="; left: Expr; right: Expr };

type Token = { t: "op" | "str" | "num" | "name" | "ref"; v: string };

export class ExpressionError extends Error {}

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const two = source.slice(i, i + 2);
    if (["==", "!=", ">=", "<=", "&&", "||"].includes(two)) {
      tokens.push({ t: "op", v: two });
      i += 2;
      continue;
    }
    if ("()<>!=,".includes(c)) {
      tokens.push({ t: "op", v: c });
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = source.indexOf(c, i + 1);
      if (end < 0) throw new ExpressionError("stringa non chiusa");
      tokens.push({ t: "str", v: source.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    if (c === "$" && source[i + 1] === "{") {
      const end = source.indexOf("}", i);
      if (end < 0) throw new ExpressionError("riferimento ${...} non chiuso");
      tokens.push({ t: "ref", v: source.slice(i + 2, end).trim() });
      i = end + 1;
      continue;
    }
    const num = /^-?\d+(\.\d+)?(?![A-Za-z0-9_.])/.exec(source.slice(i));
    if (num && !/[A-Za-z0-9_]/.test(source[i - 1] ?? "")) {
      tokens.push({ t: "num", v: num[0] });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z0-9_][A-Za-z0-9_.:-]*/.exec(source.slice(i));
    if (name) {
      tokens.push({ t: "name", v: name[0].replace(/[.-]+$/, "") });
      i += name[0].replace(/[.-]+$/, "").length;
      continue;
    }
    throw new ExpressionError(`carattere inatteso «${c}»`);
  }
  return tokens;
}

const WORD_OPS: Record<string, string> = {
  and: "&&",
  or: "||",
  eq: "==",
  ne: "!=",
  gt: ">",
  ge: ">=",
  lt: "<",
  le: "<=",
};

/** Parses an expression; throws ExpressionError on anything it can't read. */
export function parseExpression(source: string): Expr {
  const tokens = tokenize(source).map((tok) =>
    tok.t === "name" && WORD_OPS[tok.v.toLowerCase()] ? { t: "op" as const, v: WORD_OPS[tok.v.toLowerCase()] } : tok,
  );
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const isOp = (v: string): boolean => peek()?.t === "op" && peek()?.v === v;
  const expect = (v: string): void => {
    if (!isOp(v)) throw new ExpressionError(`atteso «${v}»`);
    pos++;
  };

  const parseOr = (): Expr => {
    const args = [parseAnd()];
    while (isOp("||")) {
      pos++;
      args.push(parseAnd());
    }
    return args.length === 1 ? args[0] : { kind: "logic", op: "or", args };
  };
  const parseAnd = (): Expr => {
    const args = [parseCompare()];
    while (isOp("&&")) {
      pos++;
      args.push(parseCompare());
    }
    return args.length === 1 ? args[0] : { kind: "logic", op: "and", args };
  };
  const parseCompare = (): Expr => {
    const left = parseUnary();
    const tok = peek();
    if (tok?.t === "op" && ["==", "=", "!=", ">", ">=", "<", "<="].includes(tok.v)) {
      pos++;
      const op = (tok.v === "=" ? "==" : tok.v) as Extract<Expr, { kind: "compare" }>["op"];
      return { kind: "compare", op, left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): Expr => {
    if (isOp("!")) {
      pos++;
      return { kind: "not", arg: parseUnary() };
    }
    return parsePrimary();
  };
  const parsePrimary = (): Expr => {
    const tok = tokens[pos++];
    if (!tok) throw new ExpressionError("espressione incompleta");
    if (tok.t === "op" && tok.v === "(") {
      const inner = parseOr();
      expect(")");
      return inner;
    }
    if (tok.t === "str") return { kind: "string", value: tok.v };
    if (tok.t === "num") return { kind: "number", value: Number(tok.v) };
    if (tok.t === "ref") return { kind: "ref", name: tok.v };
    if (tok.t === "name") {
      if (isOp("(")) {
        pos++;
        const args: Expr[] = [];
        if (!isOp(")")) {
          args.push(parseOr());
          while (isOp(",")) {
            pos++;
            args.push(parseOr());
          }
        }
        expect(")");
        if (tok.v.toLowerCase() === "not" && args.length === 1) return { kind: "not", arg: args[0] };
        return { kind: "call", name: tok.v.toLowerCase(), args };
      }
      return { kind: "ref", name: tok.v };
    }
    throw new ExpressionError(`«${tok.v}» inatteso`);
  };

  const result = parseOr();
  if (pos < tokens.length) throw new ExpressionError(`«${tokens[pos].v}» inatteso`);
  return result;
}
