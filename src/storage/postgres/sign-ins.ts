import { createHash, randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { SESSION_HOURS } from "../../admin/sessions.repository.js";
import { UNKNOWN_USERNAME } from "../../admin/sessions.service.js";
import type { PgDatabase } from "../../db/pg/client.js";
import { auditLog, sessions, users } from "../../db/pg/schema.js";
import type { SignInStore } from "../types.js";
import { userColumns } from "./users.js";

// The same hash and lifetime as src/admin/sessions.repository.ts: a session copied from SQLite stays valid.
const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

/** Sign-in and sign-out on PostgreSQL: the session row and its audit line commit together. */
export function createPostgresSignInStore(db: PgDatabase): SignInStore {
  return {
    async findForLogin(username) {
      const [row] = await db
        .select({ ...userColumns, passwordHash: users.passwordHash })
        .from(users)
        .where(eq(users.username, username));
      return row;
    },
    open(user, previousSessionId, now = new Date()) {
      return db.transaction(async (tx) => {
        if (previousSessionId) await tx.delete(sessions).where(eq(sessions.idHash, sha256(previousSessionId)));
        const id = randomBytes(32).toString("base64url");
        const csrfToken = randomBytes(32).toString("base64url");
        const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3_600_000).toISOString();
        await tx
          .insert(sessions)
          .values({ idHash: sha256(id), userId: user.id, csrfToken, createdAt: now.toISOString(), expiresAt });
        await tx.insert(auditLog).values({ at: now.toISOString(), username: user.username, action: "accesso" });
        return { id, csrfToken };
      });
    },
    async recordFailure(username, now = new Date()) {
      const [account] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
      await db
        .insert(auditLog)
        .values({ at: now.toISOString(), username: account ? username : UNKNOWN_USERNAME, action: "accesso.fallito" });
    },
    close(sessionId, username, now = new Date()) {
      return db.transaction(async (tx) => {
        await tx.delete(sessions).where(eq(sessions.idHash, sha256(sessionId)));
        await tx.insert(auditLog).values({ at: now.toISOString(), username, action: "uscita" });
      });
    },
  };
}
