import { eq } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { ente } from "../../db/pg/schema.js";
import { enteFromRow, enteSeed } from "../../ente/load.js";
import type { EnteStore } from "../types.js";
import { enteSavedAudit, stemmaAudit } from "../../ente/ente.service.js";
import { recordAudit } from "./audit.js";

/** The one ente row (id 1), as on SQLite; read without the stemma's image. */
const ID = 1;

export function createEnteStore(db: PgDb): EnteStore {
  return {
    async load() {
      const [row] = await db
        .select({ json: ente.json, example: ente.example, stemmaType: ente.stemmaType, updatedAt: ente.updatedAt })
        .from(ente)
        .where(eq(ente.id, ID));
      return enteFromRow(row);
    },
    async stemma() {
      const [row] = await db.select({ image: ente.stemma, type: ente.stemmaType }).from(ente).where(eq(ente.id, ID));
      return row?.image && row.type ? { image: row.image, type: row.type } : null;
    },
    save(fields, by, now = new Date()) {
      const json = JSON.stringify(fields);
      const at = now.toISOString();
      return db.transaction(async (tx) => {
        await tx
          .insert(ente)
          .values({ id: ID, json, example: false, updatedAt: at, updatedBy: by })
          .onConflictDoUpdate({ target: ente.id, set: { json, example: false, updatedAt: at, updatedBy: by } });
        await recordAudit(tx, enteSavedAudit(fields, by), now);
      });
    },
    replaceStemma(stemma, by, now = new Date()) {
      const at = now.toISOString();
      return db.transaction(async (tx) => {
        // The stemma lives in the ente row: a database never seeded gets the example's values first (still marked so).
        const { example, stemmaType: _none, stemmaVersion: _v, ...fields } = enteFromRow(undefined);
        await tx
          .insert(ente)
          .values({ id: ID, json: JSON.stringify(fields), example, updatedAt: at, updatedBy: by })
          .onConflictDoNothing();
        await tx
          .update(ente)
          .set({ stemma: stemma?.image ?? null, stemmaType: stemma?.type ?? null, updatedAt: at, updatedBy: by })
          .where(eq(ente.id, ID));
        await recordAudit(tx, stemmaAudit(stemma, by), now);
      });
    },
    async seed(file, name, now = new Date()) {
      const seed = enteSeed(file, name);
      // Nodes starting together: the first one's row stays, the others change nothing.
      await db
        .insert(ente)
        .values({ id: ID, json: seed.json, example: seed.example, updatedAt: now.toISOString(), updatedBy: seed.by })
        .onConflictDoNothing();
    },
  };
}
