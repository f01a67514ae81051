import { readFileSync } from "node:fs";
import { join } from "node:path";
import { enteSchema, type Ente } from "./schema.js";

/** The shipped example: the Comune di Limbiate, marked "esempio". */
export const EXAMPLE_ENTE_FILE = join(import.meta.dirname, "../../config/ente.json");

let shipped: Ente | undefined;

/** Reads an ente file (config/ente.json or ENTE_FILE); a bad file stops the start with the reason. */
export function readEnteFile(path: string): Ente {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`File dell'ente ${path} non leggibile: ${(error as Error).message}`);
  }
  const parsed = enteSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".")}: ${i.message}`);
    throw new Error(`File dell'ente ${path} non valido:\n${lines.join("\n")}`);
  }
  return { ...parsed.data, example: raw.esempio === true, stemmaType: null, stemmaVersion: null };
}

/** What of the ente row the pages read (either engine's row: the same columns). */
export interface EnteText {
  json: string;
  example: boolean;
  stemmaType: string | null;
  updatedAt: string;
}

/**
 * The ente of a stored row (either engine's), or the shipped example when there is none: the comune
 * this installation serves. Other modules (open-data metadata, the footer, the privacy notice) read
 * it through the storage's `ente.load()`.
 */
export function enteFromRow(row: EnteText | undefined): Ente {
  if (!row) return (shipped ??= Object.freeze(readEnteFile(EXAMPLE_ENTE_FILE)));
  // Read at every page: the row is parsed and checked again only when it changed (its text, mark or
  // stemma), so an administrator's save shows at the next request, in this process or another. The
  // same frozen object comes back meanwhile, so what is derived from it can be kept by identity.
  const key = `${row.example ? 1 : 0}\u0000${row.stemmaType ?? ""}\u0000${row.updatedAt}\u0000${row.json}`;
  if (parsed?.key === key) return parsed.ente;
  const fields = enteSchema.parse(JSON.parse(row.json));
  const value: Ente = Object.freeze({
    ...fields,
    example: row.example,
    stemmaType: row.stemmaType,
    stemmaVersion: row.stemmaType ? String(Date.parse(row.updatedAt)) : null,
  });
  parsed = { key, ente: value };
  return value;
}

let parsed: { key: string; ente: Ente } | undefined;

/** The row a new database starts from: the configured file (its name replaced by NAME, if set). */
export function enteSeed(file: string, name?: string): { json: string; example: boolean; by: string } {
  const { example, stemmaType: _none, stemmaVersion: _v, ...fields } = readEnteFile(file);
  if (name) fields.name = name;
  return { json: JSON.stringify(fields), example, by: "(file di configurazione)" };
}
