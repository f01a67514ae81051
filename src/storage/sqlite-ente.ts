import { eq } from "drizzle-orm";
import { audit } from "./sqlite-audit.js";
import { preparedStatement, type Db } from "../db/client.js";
import { ente } from "../db/schema.js";
import { enteSavedAudit, stemmaAudit } from "../ente/ente.service.js";
import { enteFromRow, enteSeed, type EnteText } from "../ente/load.js";
import type { Ente, EnteFields } from "../ente/schema.js";
import { later } from "./later.js";
import type { EnteStore } from "./types.js";

/** The comune's data on SQLite: one row (id 1), as on PostgreSQL (src/storage/postgres/ente.ts). */
export function createSqliteEnteStore(db: Db): EnteStore {
  return {
    load: () => later(() => loadEnte(db)),
    seed: (file, name, now) => later(() => seedEnte(db, file, name, now)),
    stemma: () => later(() => findStemma(db)),
    save: (fields, by, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          saveEnte(tx, fields, by, now);
          audit(tx, enteSavedAudit(fields, by), now);
        }),
      ),
    replaceStemma: (stemma, by, now = new Date()) =>
      later(() =>
        db.transaction((tx) => {
          ensureEnteRow(tx, by, now);
          saveStemma(tx, stemma?.image ?? null, stemma?.type ?? null, by, now);
          audit(tx, stemmaAudit(stemma, by), now);
        }),
      ),
  };
}

const ID = 1;

type StoredEnte = EnteText & { id: number; updatedBy: string };

/**
 * The comune this installation serves: what an administrator saved on the «Ente» page, else the
 * shipped example (the same object while the row is unchanged).
 */
export function loadEnte(db: Db): Ente {
  return enteFromRow(findEnteRow(db));
}

/** The stored ente without the image (read on every page: a statement prepared once, not built per request). */
export function findEnteRow(db: Db): StoredEnte | undefined {
  const row = preparedStatement(
    db,
    "SELECT id, json, example, stemma_type AS stemmaType, updated_at AS updatedAt, updated_by AS updatedBy FROM ente WHERE id = ?",
  ).get(ID) as (Omit<StoredEnte, "example"> & { example: number }) | undefined;
  return row && { ...row, example: row.example === 1 };
}

/** At start: a database without an ente takes the configured file's values (and its example mark). */
export function seedEnte(db: Db, file: string, name?: string, now = new Date()): void {
  if (findEnteRow(db)) return;
  const seed = enteSeed(file, name);
  saveEnteRow(db, seed.json, seed.example, seed.by, now);
}

/** Saves what the administrator confirmed: from now on the values are the ente's own, no longer the example. */
export function saveEnte(db: Db, fields: EnteFields, by: string, now = new Date()): void {
  saveEnteRow(db, JSON.stringify(fields), false, by, now);
}

/** The stemma lives in the ente row: before any save, the current values (still marked as they are) get a row. */
function ensureEnteRow(db: Db, by: string, now: Date): void {
  if (findEnteRow(db)) return;
  const { example, stemmaType: _none, stemmaVersion: _v, ...fields } = loadEnte(db);
  saveEnteRow(db, JSON.stringify(fields), example, by, now);
}

/** Writes the settings; the stemma stays as it is. */
export function saveEnteRow(db: Db, json: string, example: boolean, by: string, now: Date): void {
  const at = now.toISOString();
  db.insert(ente)
    .values({ id: ID, json, example, updatedAt: at, updatedBy: by })
    .onConflictDoUpdate({ target: ente.id, set: { json, example, updatedAt: at, updatedBy: by } })
    .run();
}

/** Replaces (or with null removes) the stemma; the row must exist. */
export function saveStemma(db: Db, image: Buffer | null, type: string | null, by: string, now: Date): void {
  db.update(ente)
    .set({ stemma: image, stemmaType: type, updatedAt: now.toISOString(), updatedBy: by })
    .where(eq(ente.id, ID))
    .run();
}

function findStemma(db: Db): { image: Buffer; type: string; updatedAt: string } | null {
  const row = db
    .select({ image: ente.stemma, type: ente.stemmaType, updatedAt: ente.updatedAt })
    .from(ente)
    .where(eq(ente.id, ID))
    .get();
  return row?.image && row.type ? { image: row.image, type: row.type, updatedAt: row.updatedAt } : null;
}
