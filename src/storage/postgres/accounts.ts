import { randomBytes } from "node:crypto";
import { and, asc, count, eq, gt, TransactionRollbackError } from "drizzle-orm";
import { BY_SETUP_LINK } from "../../admin/accounts.service.js";
import type { User } from "../../admin/users.repository.js";
import type { PgDatabase } from "../../db/pg/client.js";
import { setupTokens, users } from "../../db/pg/schema.js";
import { recordAudit } from "./audit.js";
import type { Role } from "../../db/schema.js";
import type { AccountStore } from "../types.js";
import { userColumns } from "./users.js";
import { sha256 } from "./sessions.js";

type Tx = Parameters<Parameters<PgDatabase["transaction"]>[0]>[0];

async function createLink(db: PgDatabase | Tx, role: Role, hours: number, now: Date): Promise<string> {
  const token = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + hours * 3_600_000).toISOString();
  await db.insert(setupTokens).values({ tokenHash: sha256(token), role, expiresAt });
  return token;
}

/** Staff accounts and their one-time links on PostgreSQL, with the same rules as on SQLite. */
export function createPostgresAccountStore(db: PgDatabase): AccountStore {
  return {
    list: () => db.select(userColumns).from(users).orderBy(asc(users.username)),
    async find(token, now = new Date()) {
      const [row] = await db
        .select()
        .from(setupTokens)
        .where(eq(setupTokens.tokenHash, sha256(token)));
      if (!row || row.used || row.expiresAt < now.toISOString()) return undefined;
      return { role: row.role };
    },
    async usernameTaken(username) {
      const [row] = await db.select({ id: users.id }).from(users).where(eq(users.username, username));
      return row !== undefined;
    },
    redeem(token, account, now = new Date()) {
      return db
        .transaction(async (tx): Promise<User | "taken" | "used"> => {
          // The conditional UPDATE takes the link's row lock: a racing request with the same link
          // waits, then finds it used. A racing request with the same name fails on the unique index.
          const spent = await tx
            .update(setupTokens)
            .set({ used: true })
            .where(
              and(
                eq(setupTokens.tokenHash, sha256(token)),
                eq(setupTokens.used, false),
                gt(setupTokens.expiresAt, now.toISOString()),
              ),
            )
            .returning({ tokenHash: setupTokens.tokenHash });
          if (spent.length !== 1) return "used";
          const [user] = await tx
            .insert(users)
            .values({ ...account, createdAt: now.toISOString() })
            .onConflictDoNothing({ target: users.username })
            .returning(userColumns);
          // The name was taken meanwhile: roll back, so the link stays usable with another name.
          if (!user) return tx.rollback();
          const created = { target: account.username, details: `ruolo ${account.role}` };
          await recordAudit(tx, { username: BY_SETUP_LINK, action: "utente.creato", ...created }, now);
          return user;
        })
        .catch((error: unknown) => {
          if (error instanceof TransactionRollbackError) return "taken" as const;
          throw error;
        });
    },
    invite(role, hours, by, now = new Date()) {
      return db.transaction(async (tx) => {
        const token = await createLink(tx, role, hours, now);
        await recordAudit(tx, { username: by, action: "invito.creato", details: `ruolo ${role}` }, now);
        return token;
      });
    },
    async firstAdminLink(now = new Date()) {
      const [row] = await db.select({ n: count() }).from(users);
      if (Number(row?.n ?? 0) > 0) return null;
      return createLink(db, "admin", 24, now);
    },
  };
}
