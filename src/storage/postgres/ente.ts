import { eq } from "drizzle-orm";
import type { PgDb } from "../../db/pg/client.js";
import { ente } from "../../db/pg/schema.js";
import { enteFromRow, enteSeed } from "../../ente/load.js";
import type { EnteStore } from "../types.js";

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
