import { eq } from "drizzle-orm";
import { preparedStatement, type Db } from "../db/client.js";
import { ente } from "../db/schema.js";

export type EnteRow = typeof ente.$inferSelect;

const ID = 1;

type StoredEnte = {
  id: number;
  json: string;
  example: number;
  stemmaType: string | null;
  updatedAt: string;
  updatedBy: string;
};

/** The stored ente without the image (read on every page: a statement prepared once, not built per request). */
export function findEnteRow(db: Db): Omit<EnteRow, "stemma"> | undefined {
  const row = preparedStatement(
    db,
    "SELECT id, json, example, stemma_type AS stemmaType, updated_at AS updatedAt, updated_by AS updatedBy FROM ente WHERE id = ?",
  ).get(ID) as StoredEnte | undefined;
  return row && { ...row, example: row.example === 1 };
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

export function findStemma(db: Db): { image: Buffer; type: string; updatedAt: string } | null {
  const row = db
    .select({ image: ente.stemma, type: ente.stemmaType, updatedAt: ente.updatedAt })
    .from(ente)
    .where(eq(ente.id, ID))
    .get();
  return row?.image && row.type ? { image: row.image, type: row.type, updatedAt: row.updatedAt } : null;
}
