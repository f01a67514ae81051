import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "../db/client.js";
import { findEnteRow, saveEnteRow } from "./repository.js";
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
  const row = findEnteRow(db);
  if (!row) return (shipped ??= readEnteFile(EXAMPLE_ENTE_FILE));
  const fields = enteSchema.parse(JSON.parse(row.json));
  return { ...fields, example: row.example, stemmaType: row.stemmaType, stemmaVersion: row.stemmaType ? String(Date.parse(row.updatedAt)) : null };
}

/** At start: a database without an ente takes the configured file's values (and its example mark). */
export function seedEnte(db: Db, file: string, name?: string, now = new Date()): void {
  if (findEnteRow(db)) return;
  const { example, stemmaType: _none, stemmaVersion: _v, ...fields } = readEnteFile(file);
  if (name) fields.name = name;
  saveEnteRow(db, JSON.stringify(fields), example, "(file di configurazione)", now);
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
