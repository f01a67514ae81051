import { createHash } from "node:crypto";

/** Words SPSS, Stata or R reserve, which a variable may not be called (all lower case: our keys are). */
const RESERVED = new Set([
  "all",
  "and",
  "by",
  "eq",
  "ge",
  "gt",
  "le",
  "lt",
  "ne",
  "not",
  "or",
  "to",
  "with", // SPSS
  "byte",
  "double",
  "float",
  "if",
  "in",
  "int",
  "long",
  "strl",
  "using",
  "_all",
  "_b",
  "_coef",
  "_cons",
  "_n",
  "_pi",
  "_pred",
  "_rc",
  "_skip", // Stata
  "break",
  "else",
  "for",
  "function",
  "inf",
  "na",
  "nan",
  "next",
  "null",
  "repeat",
  "true",
  "false",
  "while", // R
]);
export const MAX_NAME = 32;

/**
 * The variable name of a question key, legal in SPSS, Stata and R: letters, digits and `_`, starting
 * with a letter, at most 32 characters, not a reserved word. `/` (matrix row, «other») and any other
 * character become `_`. A name too long keeps its first 27 characters and ends with `_` and 4
 * characters of the key's SHA-1, so the same key always gets the same name.
 */
export function legalName(key: string): string {
  let name = key.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  if (!/^[a-z]/.test(name)) name = `v_${name}`;
  if (RESERVED.has(name)) name = `${name}_v`;
  if (name.length > MAX_NAME) name = `${name.slice(0, MAX_NAME - 5)}_${hash(key, 4)}`;
  return name;
}

function hash(key: string, length: number): string {
  return createHash("sha1").update(key).digest("hex").slice(0, length);
}

/**
 * Names for a list of keys, in order: each its `legalName`, and when two keys give the same name
 * (`a/b` and `a_b`) the later one ends with `_` and a longer hash of its own key. Deterministic.
 */
export function assignNames(keys: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    let name = legalName(key);
    for (let n = 6; used.has(name); n++) name = `${name.slice(0, MAX_NAME - n - 1)}_${hash(`${key}#${n}`, n)}`;
    used.add(name);
    out.set(key, name);
  }
  return out;
}
