import { z } from "zod";
import { ROLES, type Role } from "../surveys/vocabulary.js";
import type { AuditRecord } from "../audit/entry.js";
import { hashPassword, passwordProblem, verifyPassword } from "./passwords.js";
import type { User } from "./user.js";

// A real argon2id hash of a random password: checking it when the user does not exist
// makes "no such user" take as long as "wrong password".
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$8XscDSJT3kdJERrxGCpS8g$aFzr90hTJGJAcQX1lafgdHp3Q8k96a4h0nQntal84GQ";

/** Where an account is looked up by name (the storage boundary's sign-in store, on either engine). */
export interface AccountLookup {
  findForLogin(username: string): Promise<(User & { passwordHash: string }) | undefined>;
}

/** The account, when the password is its own and the account is enabled; null otherwise (always as slow). */
export async function authenticate(accounts: AccountLookup, username: string, password: string): Promise<User | null> {
  const user = await accounts.findForLogin(username.trim().toLowerCase());
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

/** A new account's row, its fields checked and its password hashed. */
export interface NewAccount {
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
}

const TAKEN = "Questo nome utente esiste già.";
const LINK_USED = "Il link è già stato usato.";

/** Checks every field of the form and hashes the password (slow), or says what to correct. */
async function prepareAccount(
  input: unknown,
  taken: (username: string) => Promise<boolean>,
): Promise<{ ok: true; account: NewAccount } | { ok: false; errors: Record<string, string> }> {
  const parsed = accountSchema.safeParse(input);
  if (!parsed.success) {
    return { ok: false, errors: Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message])) };
  }
  const { username, displayName, password, role } = parsed.data;
  const problem = passwordProblem(password, username);
  if (problem) return { ok: false, errors: { password: problem } };
  if (await taken(username)) return { ok: false, errors: { username: TAKEN } };
  return { ok: true, account: { username, displayName, role, passwordHash: await hashPassword(password) } };
}

/** Where the accounts page creates an account (the storage boundary's account store, on either engine). */
export interface AccountCreation {
  usernameTaken(username: string): Promise<boolean>;
  /** The new account and its audit line, in one transaction; "taken" when the name went meanwhile. */
  create(account: NewAccount, by: string, now?: Date): Promise<User | "taken">;
}

/** Creates an account after checking every field; `by` is who did it, for the audit log. */
export async function createAccount(accounts: AccountCreation, input: unknown, by: string): Promise<AccountResult> {
  const prepared = await prepareAccount(input, (username) => accounts.usernameTaken(username));
  if (!prepared.ok) return prepared;
  return asResult(await accounts.create(prepared.account, by));
}

/** Who the audit trail names when an account is made through a one-time link. */
export const BY_SETUP_LINK = "(link di attivazione)";

function asResult(outcome: User | "taken" | "used"): AccountResult {
  if (outcome === "taken") return { ok: false, errors: { username: TAKEN } };
  if (outcome === "used") return { ok: false, errors: { token: LINK_USED } };
  return { ok: true, user: outcome };
}

/**
 * One-time setup links on the storage boundary (either engine): what the invitation page and the
 * first administrator's link need.
 */
export interface InvitationLinks {
  find(token: string, now?: Date): Promise<{ role: Role } | undefined>;
  usernameTaken(username: string): Promise<boolean>;
  /**
   * Spends the link and creates the account, audited, in one transaction: of requests racing with
   * the same link (or the same name) exactly one creates an account.
   */
  redeem(token: string, account: NewAccount, now?: Date): Promise<User | "taken" | "used">;
}

/** Creates an account through a one-time setup link, and spends the link in the same step. */
export async function redeemInvitation(
  links: InvitationLinks,
  token: string,
  role: Role,
  input: Record<string, unknown>,
): Promise<AccountResult> {
  const prepared = await prepareAccount({ ...input, role }, (username) => links.usernameTaken(username));
  if (!prepared.ok) return prepared;
  return asResult(await links.redeem(token, prepared.account));
}

export { ROLES, type Role };

/** How long an invitation link stays valid. */
export const INVITATION_HOURS = 72;

export type AccountChange = { ok: true } | { ok: false; reason: "not_found" | "last_admin" };

/** A new role for an account, or the account switched off (true) or on again (false). */
export interface AccountChanges {
  role?: Role;
  disabled?: boolean;
}

/** The change takes an active administrator away: allowed only while another active one remains. */
export function takesAnAdminAway(target: User, { role, disabled }: AccountChanges): boolean {
  return target.role === "admin" && !target.disabled && ((role !== undefined && role !== "admin") || disabled === true);
}

/** The audit line of a changed account, the same on both engines. */
export function accountChangeAudit(by: string, target: User, { role, disabled }: AccountChanges): AuditRecord {
  return {
    username: by,
    action: "utente.modificato",
    target: target.username,
    details: [role && `ruolo ${role}`, disabled !== undefined && (disabled ? "disattivato" : "riattivato")]
      .filter(Boolean)
      .join(", "),
  };
}
