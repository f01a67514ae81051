import { eq } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { ente } from "../db/schema.js";

export type EnteRow = typeof ente.$inferSelect;

const ID = 1;

/** The stored ente without the image (read on every page). */
export function findEnteRow(db: Db): Omit<EnteRow, "stemma"> | undefined {
  return db
    .select({ id: ente.id, json: ente.json, example: ente.example, stemmaType: ente.stemmaType, updatedAt: ente.updatedAt, updatedBy: ente.updatedBy })
    .from(ente)
    .where(eq(ente.id, ID))
    .get();
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
  db.update(ente).set({ stemma: image, stemmaType: type, updatedAt: now.toISOString(), updatedBy: by }).where(eq(ente.id, ID)).run();
}

export function findStemma(db: Db): { image: Buffer; type: string; updatedAt: string } | null {
  const row = db.select({ image: ente.stemma, type: ente.stemmaType, updatedAt: ente.updatedAt }).from(ente).where(eq(ente.id, ID)).get();
  return row?.image && row.type ? { image: row.image, type: row.type, updatedAt: row.updatedAt } : null;
}
