import {
  accountChangeAudit,
  BY_SETUP_LINK,
  INVITATION_HOURS,
  takesAnAdminAway,
  type AccountChange,
  type AccountChanges,
  type NewAccount,
} from "../admin/accounts.service.js";
import type { User } from "../admin/user.js";
import { audit } from "./sqlite-audit.js";
import type { Db } from "../db/client.js";
import type { Role } from "../db/schema.js";
import { later } from "./later.js";
import { consumeSetupToken, createSetupToken, deleteUserSessions, findSetupToken } from "./sqlite-sessions.js";
import {
  countActiveAdmins,
  countUsers,
  findUserById,
  insertUser,
  listUsers,
  updateUser,
  usernameTaken,
} from "./sqlite-users.js";
import type { AccountStore } from "./types.js";

/** Staff accounts and their one-time links on SQLite, with the same rules as on PostgreSQL. */
export function createSqliteAccountStore(db: Db): AccountStore {
  return {
    list: () => later(() => listUsers(db)),
    byId: (id) => later(() => findUserById(db, id)),
    create: (account, by, now) => later(() => storeAccount(db, account, by, undefined, now)),
    change: (id, changes, by, now) => later(() => changeAccount(db, id, changes, by, now)),
    find: (token, now) => later(() => findSetupToken(db, token, now)),
    usernameTaken: (username) => later(() => usernameTaken(db, username)),
    redeem: (token, account, now) =>
      later(() => storeAccount(db, account, BY_SETUP_LINK, (tx) => consumeSetupToken(tx, token, now), now)),
    invite: (role, hours, by, now) => later(() => inviteAccount(db, role, by, hours, now)),
    firstAdminLink: (now) => later(() => firstAdminSetupToken(db, now)),
  };
}

/**
 * The new account on SQLite. Checked again after the (slow) hash: two forms sent together must not
 * both create it. The name check, the claim of a one-time link and the new account are one
 * transaction: of two requests racing with the same link (or the same name) exactly one creates it.
 */
export function storeAccount(db: Db, account: NewAccount, by: string, claim: undefined, now?: Date): User | "taken";
export function storeAccount(
  db: Db,
  account: NewAccount,
  by: string,
  claim: (tx: Db) => boolean,
  now?: Date,
): User | "taken" | "used";
export function storeAccount(
  db: Db,
  account: NewAccount,
  by: string,
  claim: ((tx: Db) => boolean) | undefined,
  now = new Date(),
): User | "taken" | "used" {
  return db.transaction(
    (tx): User | "taken" | "used" => {
      if (usernameTaken(tx, account.username)) return "taken";
      if (claim && !claim(tx)) return "used";
      const user = insertUser(tx, account, now);
      audit(
        tx,
        { username: by, action: "utente.creato", target: account.username, details: `ruolo ${account.role}` },
        now,
      );
      return user;
    },
    { behavior: "immediate" },
  );
}

/** On a fresh install (no accounts yet) a one-time link to create the first admin; null otherwise. */
export function firstAdminSetupToken(db: Db, now = new Date()): string | null {
  if (countUsers(db) > 0) return null;
  return createSetupToken(db, "admin", 24, now);
}

/** An invitation link's secret for a new account of the given role, valid for `hours`. */
export function inviteAccount(db: Db, role: Role, by: string, hours = INVITATION_HOURS, now = new Date()): string {
  return db.transaction((tx) => {
    const token = createSetupToken(tx, role, hours, now);
    audit(tx, { username: by, action: "invito.creato", details: `ruolo ${role}` }, now);
    return token;
  });
}

/**
 * A new role or the account switched off (or on), on SQLite. The last active administrator can be
 * neither demoted nor disabled; a changed account's sessions end, so the change applies at once.
 */
export function changeAccount(
  db: Db,
  id: number,
  changes: AccountChanges,
  by: string,
  now = new Date(),
): AccountChange {
  return db.transaction(
    (tx): AccountChange => {
      const target = findUserById(tx, id);
      if (!target) return { ok: false, reason: "not_found" };
      if (takesAnAdminAway(target, changes) && countActiveAdmins(tx) <= 1) return { ok: false, reason: "last_admin" };
      updateUser(tx, target.id, changes);
      if (changes.disabled || changes.role) deleteUserSessions(tx, target.id);
      audit(tx, accountChangeAudit(by, target, changes), now);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}
