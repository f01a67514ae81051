import { z } from "zod";
import type { Db } from "../db/client.js";
import { ROLES, type Role } from "../db/schema.js";
import { audit } from "../audit/audit.service.js";
import { hashPassword, passwordProblem, verifyPassword } from "./passwords.js";
import { consumeSetupToken, createSetupToken, deleteUserSessions } from "./sessions.repository.js";
import {
  countActiveAdmins,
  countUsers,
  findUserById,
  findUserForLogin,
  insertUser,
  updateUser,
  usernameTaken,
  type User,
} from "./users.repository.js";

// A real argon2id hash of a random password: checking it when the user does not exist
// makes "no such user" take as long as "wrong password".
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$8XscDSJT3kdJERrxGCpS8g$aFzr90hTJGJAcQX1lafgdHp3Q8k96a4h0nQntal84GQ";

export async function authenticate(db: Db, username: string, password: string): Promise<User | null> {
  const user = findUserForLogin(db, username.trim().toLowerCase());
  const ok = await verifyPassword(user?.passwordHash ?? DUMMY_HASH, password);
  if (!user || !ok || user.disabled) return null;
  const { passwordHash: _, ...rest } = user;
  return rest;
}

export const accountSchema = z.object({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^[a-z0-9._-]{3,40}$/,
      "Il nome utente usa da 3 a 40 tra lettere minuscole, cifre, punto, trattino e trattino basso.",
    ),
  displayName: z
    .string()
    .trim()
    .min(1, "Indichi nome e cognome.")
    .max(100, "Nome e cognome: al massimo 100 caratteri."),
  password: z.string(),
  role: z.enum(ROLES, "Scelga un ruolo."),
});

export type AccountResult = { ok: true; user: User } | { ok: false; errors: Record<string, string> };

/** Creates an account after checking every field; `by` is who did it, for the audit log. */
export async function createAccount(
  db: Db,
  input: unknown,
  by: string,
  claim: (tx: Db) => boolean = () => true,
): Promise<AccountResult> {
  const parsed = accountSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  }
  const { username, displayName, password, role } = parsed.data;
  const problem = passwordProblem(password, username);
  if (problem) return { ok: false, errors: { password: problem } };
  if (usernameTaken(db, username)) return { ok: false, errors: { username: "Questo nome utente esiste già." } };
  const passwordHash = await hashPassword(password);
  // Checked again after the (slow) hash: two forms sent together must not both create it.
  // The name check, the claim of a one-time link and the new account are one transaction: of two
  // requests racing with the same link (or the same name) exactly one creates an account.
  return db.transaction(
    (tx): AccountResult => {
      if (usernameTaken(tx, username)) return { ok: false, errors: { username: "Questo nome utente esiste già." } };
      if (!claim(tx)) return { ok: false, errors: { token: "Il link è già stato usato." } };
      const user = insertUser(tx, { username, displayName, passwordHash, role });
      audit(tx, { username: by, action: "utente.creato", target: username, details: `ruolo ${role}` });
      return { ok: true, user };
    },
    { behavior: "immediate" },
  );
}

/** Creates an account through a one-time setup link, and spends the link in the same step. */
export async function createAccountWithSetupToken(
  db: Db,
  token: string,
  role: Role,
  input: Record<string, unknown>,
): Promise<AccountResult> {
  return createAccount(db, { ...input, role }, "(link di attivazione)", (tx) => consumeSetupToken(tx, token));
}

/** On a fresh install (no accounts yet) a one-time link to create the first admin; null otherwise. */
export function firstAdminSetupToken(db: Db): string | null {
  if (countUsers(db) > 0) return null;
  return createSetupToken(db, "admin", 24);
}

export { ROLES, type Role };
export { findUserById as findAccount, listUsers as listAccounts } from "./users.repository.js";

/** An invitation link's secret for a new account of the given role, valid for `hours`. */
export function inviteAccount(db: Db, role: Role, by: string, hours = 72): string {
  return db.transaction((tx) => {
    const token = createSetupToken(tx, role, hours);
    audit(tx, { username: by, action: "invito.creato", details: `ruolo ${role}` });
    return token;
  });
}

export type AccountChange = { ok: true } | { ok: false; reason: "not_found" | "last_admin" };

/**
 * A new role or the account switched off (or on). The last active administrator can be neither
 * demoted nor disabled; a changed account's sessions end, so the change applies at once.
 */
export function changeAccount(
  db: Db,
  id: number,
  changes: { role?: Role; disabled?: boolean },
  by: string,
): AccountChange {
  return db.transaction((tx): AccountChange => {
    const target = findUserById(tx, id);
    if (!target) return { ok: false, reason: "not_found" };
    const { role, disabled } = changes;
    const losesAdmin = target.role === "admin" && !target.disabled && ((role && role !== "admin") || disabled);
    if (losesAdmin && countActiveAdmins(tx) <= 1) return { ok: false, reason: "last_admin" };
    updateUser(tx, target.id, { role, disabled });
    if (disabled || role) deleteUserSessions(tx, target.id);
    audit(tx, {
      username: by,
      action: "utente.modificato",
      target: target.username,
      details: [role && `ruolo ${role}`, disabled !== undefined && (disabled ? "disattivato" : "riattivato")]
        .filter(Boolean)
        .join(", "),
    });
    return { ok: true };
  });
}
