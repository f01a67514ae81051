import { createHash, randomBytes } from "node:crypto";
import { and, eq, gte, lt } from "drizzle-orm";
import { SESSION_HOURS } from "../../admin/sessions.js";
import type { PgDb } from "../../db/pg/client.js";
import { sessions, users } from "../../db/pg/schema.js";
import type { SessionStore } from "../types.js";
import { userColumns } from "./users.js";

// The same hash as src/storage/sqlite-sessions.ts: a session (or a link) copied from SQLite stays valid.
export const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");
const expiry = (now: Date): string => new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();

/** A new session row (pass a transaction to open it with another write); the id goes in the cookie, only its hash here. */
export async function insertSession(db: PgDb, userId: number, now: Date): Promise<{ id: string; csrfToken: string }> {
  const id = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(32).toString("base64url");
  await db
    .insert(sessions)
    .values({ idHash: sha256(id), userId, csrfToken, createdAt: now.toISOString(), expiresAt: expiry(now) });
  return { id, csrfToken };
}

/** Sessions as rows: any node finds the session another node created, and a sign-out ends it on all. */
export function createPostgresSessionStore(db: PgDb): SessionStore {
  return {
    create: (userId, now = new Date()) => insertSession(db, userId, now),
    async find(id, now = new Date()) {
      const [row] = await db
        .select({
          user: userColumns,
          csrfToken: sessions.csrfToken,
          expiresAt: sessions.expiresAt,
        })
        .from(sessions)
        .innerJoin(users, eq(sessions.userId, users.id))
        .where(eq(sessions.idHash, sha256(id)));
      if (!row || row.expiresAt < now.toISOString() || row.user.disabled) return undefined;
      return { user: row.user, csrfToken: row.csrfToken };
    },
    async touch(id, now = new Date()) {
      const changed = await db
        .update(sessions)
        .set({ expiresAt: expiry(now) })
        .where(and(eq(sessions.idHash, sha256(id)), gte(sessions.expiresAt, now.toISOString())))
        .returning({ idHash: sessions.idHash });
      return changed.length === 1;
    },
    async delete(id) {
      await db.delete(sessions).where(eq(sessions.idHash, sha256(id)));
    },
    async deleteForUser(userId) {
      await db.delete(sessions).where(eq(sessions.userId, userId));
    },
    async purgeExpired(now = new Date()) {
      const gone = await db
        .delete(sessions)
        .where(lt(sessions.expiresAt, now.toISOString()))
        .returning({ idHash: sessions.idHash });
      return gone.length;
    },
  };
}
