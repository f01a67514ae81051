import { audit } from "../audit/audit.service.js";
import type { Db } from "../db/client.js";
import { createSession, deleteSession } from "./sessions.repository.js";
import { usernameTaken, type User } from "./users.repository.js";

/** Signing in and out: the session and the line in the audit trail go together. */

export { findSession, findSetupToken, SESSION_HOURS } from "./sessions.repository.js";
export type { User } from "./users.repository.js";
export type { Role } from "../db/schema.js";

/** A fresh session for a user who proved who they are; an older session of this browser is dropped (no fixation). */
export function signIn(
  db: Db,
  user: User,
  previousSessionId?: string,
  now = new Date(),
): { id: string; csrfToken: string } {
  return db.transaction((tx) => {
    if (previousSessionId) deleteSession(tx, previousSessionId);
    const session = createSession(tx, user.id, now);
    audit(tx, { username: user.username, action: "accesso" }, now);
    return session;
  });
}

/** The name is written only when it is an account's: a password typed in the wrong field stays out of the log. */
export function recordFailedSignIn(db: Db, username: string, now = new Date()): void {
  audit(db, { username: usernameTaken(db, username) ? username : UNKNOWN_USERNAME, action: "accesso.fallito" }, now);
}

/** What the audit trail says instead of a name that is no account's. */
export const UNKNOWN_USERNAME = "(nome utente inesistente)";

export function signOut(db: Db, sessionId: string, username: string, now = new Date()): void {
  db.transaction((tx) => {
    deleteSession(tx, sessionId);
    audit(tx, { username, action: "uscita" }, now);
  });
}
