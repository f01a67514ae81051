import { eq } from "drizzle-orm";
import { UNKNOWN_USERNAME } from "../../admin/sessions.js";
import type { PgDatabase } from "../../db/pg/client.js";
import { sessions, users } from "../../db/pg/schema.js";
import { recordAudit } from "./audit.js";
import type { SignInStore } from "../types.js";
import { userColumns } from "./users.js";
import { insertSession, sha256 } from "./sessions.js";

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
        const session = await insertSession(tx, user.id, now);
        await recordAudit(tx, { username: user.username, action: "accesso" }, now);
        return session;
      });
    },
    async recordFailure(username, now = new Date()) {
      const [account] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
      await recordAudit(db, { username: account ? username : UNKNOWN_USERNAME, action: "accesso.fallito" }, now);
    },
    close(sessionId, username, now = new Date()) {
      return db.transaction(async (tx) => {
        await tx.delete(sessions).where(eq(sessions.idHash, sha256(sessionId)));
        await recordAudit(tx, { username, action: "uscita" }, now);
      });
    },
  };
}
