import { randomBytes } from "node:crypto";
import { and, count, eq, gt, sql, TransactionRollbackError } from "drizzle-orm";
import {
  accountChangeAudit,
  BY_SETUP_LINK,
  takesAnAdminAway,
  type AccountChange,
  type NewAccount,
} from "../../admin/accounts.service.js";
import type { User } from "../../admin/user.js";
import type { PgDatabase } from "../../db/pg/client.js";
import { sessions, setupTokens, users } from "../../db/pg/schema.js";
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

/** The key of the transaction lock under which accounts change (any fixed 64-bit number of our own). */
const ACCOUNT_CHANGES_LOCK = "6012428039909370988"; // the bytes of "Sportell"

const createdDetails = (account: NewAccount) => ({ target: account.username, details: `ruolo ${account.role}` });

/** Staff accounts and their one-time links on PostgreSQL, with the same rules as on SQLite. */
export function createPostgresAccountStore(db: PgDatabase): AccountStore {
  return {
    list: () =>
      db
        .select(userColumns)
        .from(users)
        .orderBy(sql`${users.username} COLLATE "C"`),
    async byId(id) {
      const [user] = await db.select(userColumns).from(users).where(eq(users.id, id));
      return user;
    },
    create(account, by, now = new Date()) {
      return db.transaction(async (tx): Promise<User | "taken"> => {
        // Two forms with the same name sent at once: the unique index lets one in, the other is told.
        const [user] = await tx
          .insert(users)
          .values({ ...account, createdAt: now.toISOString() })
          .onConflictDoNothing({ target: users.username })
          .returning(userColumns);
        if (!user) return "taken";
        await recordAudit(tx, { username: by, action: "utente.creato", ...createdDetails(account) }, now);
        return user;
      });
    },
    change(id, changes, by, now = new Date()) {
      return db.transaction(async (tx): Promise<AccountChange> => {
        // Account changes take turns: two administrators demoting each other at once would otherwise
        // both count two active administrators and leave none.
        await tx.execute(sql`SELECT pg_advisory_xact_lock(${ACCOUNT_CHANGES_LOCK}::bigint)`);
        const [target] = await tx.select(userColumns).from(users).where(eq(users.id, id));
        if (!target) return { ok: false, reason: "not_found" };
        if (takesAnAdminAway(target, changes)) {
          const [admins] = await tx
            .select({ n: count() })
            .from(users)
            .where(and(eq(users.role, "admin"), eq(users.disabled, false)));
          if (Number(admins?.n ?? 0) <= 1) return { ok: false, reason: "last_admin" };
        }
        const { role, disabled } = changes;
        await tx.update(users).set({ role, disabled }).where(eq(users.id, id));
        if (role || disabled) await tx.delete(sessions).where(eq(sessions.userId, id));
        await recordAudit(tx, accountChangeAudit(by, target, changes), now);
        return { ok: true };
      });
    },
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
          await recordAudit(tx, { username: BY_SETUP_LINK, action: "utente.creato", ...createdDetails(account) }, now);
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
