import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../db/client.js";
import { findEnteRow, saveEnteRow, type EnteRow } from "./repository.js";
import { enteSchema, type Ente, type EnteFields } from "./schema.js";

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

/**
 * The comune this installation serves: what an administrator saved on the «Ente» page, else the
 * shipped example. Other modules (open-data metadata, the footer, the privacy notice) read it here.
 */
export function loadEnte(db: Db): Ente {
  return enteFromRow(findEnteRow(db));
}

/** What of the ente row the pages read (either engine's row: the same columns). */
export type EnteText = Pick<EnteRow, "json" | "example" | "stemmaType" | "updatedAt">;

/** The ente of a stored row, or the shipped example when there is none. */
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

/** At start: a database without an ente takes the configured file's values (and its example mark). */
export function seedEnte(db: Db, file: string, name?: string, now = new Date()): void {
  if (findEnteRow(db)) return;
  const seed = enteSeed(file, name);
  saveEnteRow(db, seed.json, seed.example, seed.by, now);
}

/** The row a new database starts from: the configured file (its name replaced by NAME, if set). */
export function enteSeed(file: string, name?: string): { json: string; example: boolean; by: string } {
  const { example, stemmaType: _none, stemmaVersion: _v, ...fields } = readEnteFile(file);
  if (name) fields.name = name;
  return { json: JSON.stringify(fields), example, by: "(file di configurazione)" };
}

/** Saves what the administrator confirmed: from now on the values are the ente's own, no longer the example. */
export function saveEnte(db: Db, fields: EnteFields, by: string, now = new Date()): void {
  saveEnteRow(db, JSON.stringify(fields), false, by, now);
}

/** The stemma lives in the ente row: before any save, the current values (still marked as they are) get a row. */
export function ensureEnteRow(db: Db, by: string, now = new Date()): void {
  if (findEnteRow(db)) return;
  const { example, stemmaType: _none, stemmaVersion: _v, ...fields } = loadEnte(db);
  saveEnteRow(db, JSON.stringify(fields), example, by, now);
}
